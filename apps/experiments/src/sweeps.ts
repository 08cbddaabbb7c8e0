/**
 * Every run of the experiments as data: its id, what it aggregates into, and the training config the
 * `dnw` CLI gets. A run with a `stage` starts from a model file the sweep builds first (a frozen
 * mask taken from a trained parent, or a spec the config cannot express); see stage.ts.
 */
import type { Config, ConfigInput } from '@dnw/pipeline';
import { DENSE_VARIANT, SPARSE_EPOCHS, type SweepMode } from '@dnw/report';

export type Mode = SweepMode;
type ModelStrategy = Config['model']['strategy'];

/** How a run's starting model is made instead of the config's fresh one. */
export type Stage =
  /** Freeze the top-k mask of the parent's trained weights and keep training them (fine-tune). */
  | { readonly make: 'fine-tune'; readonly parent: string }
  /** The same frozen mask, weights rewound to the parent's initial values (lottery, one shot). */
  | { readonly make: 'lottery'; readonly parent: string }
  /** Per-layer top-k of a trained dense MLP at `keep`, then fine-tuning under that frozen mask. */
  | { readonly make: 'magnitude'; readonly parent: string; readonly keep: number }
  /** A DNW MLP whose last layer is dense (`keepPerLayer`), which the config has no field for. */
  | { readonly make: 'dense-output' };

export interface RunSpec {
  readonly id: string;
  readonly group: 'graphs' | 'sparse';
  readonly variant: string;
  /** The strategy in words for tables ('magnitude' for a fine-tune from a dense MLP). */
  readonly strategy: string;
  readonly keep: number;
  readonly seed: number;
  readonly config: ConfigInput;
  readonly stage: Stage | null;
}

export interface SweepOptions {
  readonly mode: Mode;
  readonly seeds: readonly number[];
}

/** Epochs and sizes of each mode; quick fits 20 minutes on 2 cores, full is the report's. */
export interface ModeSettings {
  readonly graphEpochs: number;
  /** Dynamic graphs cost T (or 4 x RK4 steps) forward passes per step: they get fewer epochs. */
  readonly dynamicEpochs: number;
  readonly rk4Steps: number;
  readonly sparseEpochs: number;
  /** Epochs of fine-tuning after pruning (fine-tune, lottery, magnitude). */
  readonly stageEpochs: number;
}

export const MODE_SETTINGS: Record<Mode, ModeSettings> = {
  quick: { graphEpochs: 3, dynamicEpochs: 1, rk4Steps: 2, sparseEpochs: SPARSE_EPOCHS.quick, stageEpochs: 3 },
  full: { graphEpochs: 8, dynamicEpochs: 3, rk4Steps: 5, sparseEpochs: SPARSE_EPOCHS.full, stageEpochs: 10 },
};

/** The static graph of the demo: 784 input, 3 blocks of 100 scalar nodes, 10 output nodes. */
export const STATIC_HIDDEN = [100, 100, 100] as const;
/** Dynamic graphs: 100 hidden scalar nodes (plus 784 inputs and 10 outputs, 894 nodes in all). */
export const DYNAMIC_HIDDEN = 100;
/** 10% of the static graph's allowed edges: the edge budget every graph of the first table gets. */
export const GRAPH_EDGES = 27604;
export const LENET = [300, 100] as const;
/** Fractions of weights kept in the sparse-network sweep: 50 to 98% removed. */
export const SPARSE_KEEPS = [0.5, 0.4, 0.3, 0.2, 0.1, 0.05, 0.02] as const;

/** What every run shares: MNIST, the paper's SGD (lr 0.1, momentum 0.9, wd 1e-4, cosine), test set only. */
const base = (seed: number, epochs: number): ConfigInput => ({
  seed,
  epochs,
  batchSize: 128,
  data: { dataset: 'mnist', validation: 0 },
  optimizer: { lr: 0.1, momentum: 0.9, weightDecay: 1e-4, schedule: { kind: 'cosine' } },
  evalEvery: 'epoch',
  rewireEvery: 50,
  logEvery: 50,
  checkpoint: { every: 'epoch', keep: 1 },
});

const runId = (mode: Mode, group: string, variant: string, seed: number, keep?: number): string =>
  `${mode}/${group}/${variant}${keep === undefined ? '' : `/keep${keep}`}/seed${seed}`;

const graphRuns = (mode: Mode, seed: number): RunSpec[] => {
  const s = MODE_SETTINGS[mode];
  const staticRun = (strategy: string, stage: Stage | null, epochs = s.graphEpochs): RunSpec => ({
    id: runId(mode, 'graphs', `static/${strategy}`, seed),
    group: 'graphs',
    variant: `static/${strategy}`,
    strategy,
    keep: strategy === 'complete' ? 1 : 0.1,
    seed,
    stage,
    config: {
      ...base(seed, epochs),
      model: {
        kind: 'static',
        hidden: [...STATIC_HIDDEN],
        budget: 0.1,
        strategy: strategy as ModelStrategy,
      },
    },
  });
  const complete = staticRun('complete', null);
  const dynamicRun = (kind: 'discrete' | 'continuous', strategy: 'dnw' | 'random', hidden: number = DYNAMIC_HIDDEN, epochs = s.dynamicEpochs): RunSpec => {
    const graph = hidden === DYNAMIC_HIDDEN ? kind : `${kind}-${hidden}`;
    const nodes = 784 + hidden + 10;
    return {
      id: runId(mode, 'graphs', `${graph}/${strategy}`, seed),
      group: 'graphs',
      variant: `${graph}/${strategy}`,
      strategy,
      keep: GRAPH_EDGES / (nodes * nodes),
      seed,
      stage: null,
      config: {
        ...base(seed, epochs),
        model: { kind, hidden: [hidden], budget: GRAPH_EDGES, strategy, timeSteps: kind === 'discrete' ? 5 : s.rk4Steps, solver: 'rk4' },
      },
    };
  };
  // The static graph's 300 hidden nodes and epochs: discrete time on equal terms (5 times the cost per step).
  const wide = STATIC_HIDDEN.reduce((a, b) => a + b, 0);
  return [
    staticRun('dnw', null),
    staticRun('random', null),
    complete,
    staticRun('dnw-no-update', null),
    staticRun('targeted-dropout', null),
    staticRun('fine-tune', { make: 'fine-tune', parent: complete.id }, s.stageEpochs),
    staticRun('lottery', { make: 'lottery', parent: complete.id }, s.stageEpochs),
    dynamicRun('discrete', 'dnw'),
    dynamicRun('discrete', 'random'),
    dynamicRun('continuous', 'dnw'),
    dynamicRun('continuous', 'random'),
    dynamicRun('discrete', 'dnw', wide, s.graphEpochs),
    dynamicRun('discrete', 'random', wide, s.graphEpochs),
    // 20 graph evaluations per step: about 22 minutes a run here, so the quick mode leaves it out.
    ...(mode === 'full' ? [dynamicRun('continuous', 'dnw', wide, s.graphEpochs), dynamicRun('continuous', 'random', wide, s.graphEpochs)] : []),
  ];
};

export { SPARSE_LINES, DENSE_VARIANT } from '@dnw/report';

const sparseRuns = (mode: Mode, seed: number): RunSpec[] => {
  const s = MODE_SETTINGS[mode];
  const mlp = (strategy: 'dnw' | 'random' | 'complete' | 'fine-tune', keep: number) => ({
    kind: 'mlp' as const,
    hidden: [...LENET],
    budget: keep,
    strategy,
  });
  const dense: RunSpec = {
    id: runId(mode, 'sparse', 'mlp/dense', seed),
    group: 'sparse',
    variant: DENSE_VARIANT,
    strategy: 'complete',
    keep: 1,
    seed,
    stage: null,
    config: { ...base(seed, s.sparseEpochs), model: mlp('complete', 1) },
  };
  const out: RunSpec[] = [dense];
  for (const keep of SPARSE_KEEPS) {
    const run = (variant: string, strategy: string, model: ReturnType<typeof mlp>, stage: Stage | null, epochs: number): RunSpec => ({
      id: runId(mode, 'sparse', `mlp/${variant}`, seed, keep),
      group: 'sparse',
      variant: `mlp/${variant}`,
      strategy,
      keep,
      seed,
      stage,
      config: { ...base(seed, epochs), model },
    });
    out.push(
      run('dnw-all', 'dnw', mlp('dnw', keep), null, s.sparseEpochs),
      run('dnw-dense-output', 'dnw', mlp('dnw', keep), { make: 'dense-output' }, s.sparseEpochs),
      run('random', 'random', mlp('random', keep), null, s.sparseEpochs),
      run('magnitude', 'magnitude', mlp('fine-tune', keep), { make: 'magnitude', parent: dense.id, keep }, s.stageEpochs),
    );
  }
  return out;
};

export const GROUPS = ['graphs', 'sparse'] as const;

/** All runs of a mode, parents before their children. */
export const sweep = (opts: SweepOptions, only: readonly string[] = GROUPS): RunSpec[] =>
  opts.seeds.flatMap((seed) => [...(only.includes('graphs') ? graphRuns(opts.mode, seed) : []), ...(only.includes('sparse') ? sparseRuns(opts.mode, seed) : [])]);
