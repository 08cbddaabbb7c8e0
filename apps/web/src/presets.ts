/**
 * The two demos the page offers, as pipeline configs. The neural-graph view is the blog's MNIST demo:
 * 100 nodes in columns 9 / 27 / 27 / 27 / 10 and about 300 edges, its 9 input nodes being MNIST
 * average-pooled to 3x3. The layered view is a small MLP on MNIST pooled to 7x7 (49 inputs), trained
 * with DNW in every layer, so one sees which weights of each layer survive.
 */
import type { ConfigInput, ModelConfig } from '@dnw/pipeline';

export type ViewName = 'graph' | 'mlp';
export type GraphKind = 'static' | 'discrete' | 'continuous';

export interface DemoChoice {
  readonly view: ViewName;
  readonly kind: GraphKind;
  readonly strategy: ModelConfig['strategy'];
  /** Graph view: the edge budget k (an edge count >= 2). Layered view: percent of each layer kept. */
  readonly budget: number;
  readonly epochs: number;
}

export interface Demo {
  readonly config: ConfigInput;
  /** The pooled image size the worker feeds the model. */
  readonly pool: readonly [rows: number, cols: number];
}

export const DEFAULT_BUDGET: Record<ViewName, number> = { graph: 300, mlp: 10 };
export const DEFAULT_EPOCHS = 6;

/** Blog-sized hidden layout: three blocks of 27 (static), or the same 81 hidden nodes as one pool (dynamic). */
const GRAPH_HIDDEN = { static: [27, 27, 27], discrete: [81], continuous: [81] } as const;
export const MLP_HIDDEN = [32, 32] as const;

const common = {
  seed: 0,
  data: { dataset: 'mnist', validation: 0 },
  batchSize: 64,
  // The blog snapshotted the wiring every 10 batches; we keep every rewiring for the slider.
  rewireEvery: 5,
  logEvery: 5,
  evalEvery: 50,
  checkpoint: { dir: null },
  backend: 'auto',
} as const;

export const demoConfig = (c: DemoChoice): Demo => {
  if (c.view === 'mlp') {
    return {
      pool: [7, 7],
      config: {
        ...common,
        epochs: c.epochs,
        model: { kind: 'mlp', hidden: [...MLP_HIDDEN], strategy: c.strategy, budget: Math.min(1, c.budget / 100) },
      },
    };
  }
  return {
    pool: [3, 3],
    config: {
      ...common,
      epochs: c.epochs,
      model: { kind: c.kind, hidden: [...GRAPH_HIDDEN[c.kind]], strategy: c.strategy, budget: Math.round(c.budget) },
    },
  };
};

/** Recorded wirings the slider keeps at most. */
export const MAX_WIRINGS = 2000;
/** Edges over all kept wirings at most (12 bytes each: about 30 MB). */
export const MAX_STORED_EDGES = 2_500_000;

/** How many wirings a run of budget k keeps: MAX_WIRINGS, fewer when k is large (at least 100). */
export const wiringsToKeep = (budget: number): number => Math.max(100, Math.min(MAX_WIRINGS, Math.floor(MAX_STORED_EDGES / Math.max(1, budget))));

/**
 * Steps per kept wiring for `sampleRewirings`: every rewiring while the run has few enough of them,
 * else a whole multiple of `rewireEvery` that keeps the count within `wiringsToKeep(budget)`.
 */
export const rewireSampling = (totalSteps: number, rewireEvery: number, budget: number): number => {
  const every = Math.max(1, rewireEvery);
  return every * Math.max(1, Math.ceil(totalSteps / every / wiringsToKeep(budget)));
};
