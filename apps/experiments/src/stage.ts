/**
 * Starting models the config cannot describe. The pipeline resumes a run from the newest checkpoint
 * in its directory; a step-0 checkpoint holding the model we built (frozen masks, rewound weights,
 * a dense output layer) makes the ordinary `dnw train` loop train it, with no training code here.
 */
import { mkdir, readFile, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { createModel, fineTuneFrom, lotteryFrom, copyParamsInto, modelFromJSON, modelToJSON, type MlpSpec, type Model } from '@dnw/graph';
import { CHECKPOINT_FORMAT, modelSpecOf, type Checkpoint, type Config } from '@dnw/pipeline';
import type { Stage } from './sweeps.js';

/** Features and classes of the config's dataset (MNIST: 784 pixels, 10 digits). */
const dataShape = (config: Config): { features: number; classes: number } =>
  config.data.dataset === 'synthetic' ? { features: config.data.synthetic.features, classes: config.data.synthetic.classes } : { features: 784, classes: 10 };

export const MODEL_FILE = 'model.json';
/** The name the pipeline gives the checkpoint of step 0 (ckpt-<8-digit step>.json). */
export const STAGE_CHECKPOINT = 'ckpt-00000000.json';

/** The model a staged run starts from. `parentModel` is the trained parent, when the stage has one. */
export const stageModel = (stage: Stage, config: Config, parentModel: Model | null): Model => {
  const need = (): Model => {
    if (parentModel === null) throw new Error(`stage '${stage.make}' needs its parent's trained model`);
    return parentModel;
  };
  switch (stage.make) {
    case 'fine-tune':
      return fineTuneFrom(need(), config.seed);
    case 'lottery': {
      // Weights are a function of (spec, seed) only, and a parent runs with its child's seed (a sweep
      // invariant the tests check): rebuilding the parent's fresh model gives its initial weights.
      const parent = need();
      const initial = createModel(parent.spec, config.seed);
      return lotteryFrom(parent, initial.params, config.seed);
    }
    case 'magnitude': {
      // Top-k per layer of the dense weights at the new fraction: move them into a spec with that budget.
      const dense = need() as Model<MlpSpec>;
      const atKeep = createModel<MlpSpec>({ ...dense.spec, keep: stage.keep, strategy: { name: 'complete' } }, config.seed);
      copyParamsInto(atKeep.params, dense.params);
      return fineTuneFrom(atKeep, config.seed);
    }
    case 'dense-output': {
      const { features, classes } = dataShape(config);
      const spec = modelSpecOf(config.model, features, classes) as MlpSpec;
      const layers = spec.sizes.length - 1;
      return createModel<MlpSpec>({ ...spec, keepPerLayer: Array.from({ length: layers }, (_, l) => (l === layers - 1 ? 1 : null)) }, config.seed);
    }
  }
};

/** A trained parent's model file (what `dnw train` saves as model.json). */
export const readParent = async (path: string): Promise<Model> => {
  let u: unknown;
  try {
    u = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: cannot read the parent's model: ${err instanceof Error ? err.message : String(err)}`);
  }
  const model = modelFromJSON(u);
  if (model._tag === 'Left') throw new Error(`${path}: ${model.left.message}`);
  return model.right;
};

/**
 * Writes the step-0 checkpoint of a staged run into its run directory, atomically. `config` must be
 * the decoded config the CLI will train with: the pipeline refuses a checkpoint of another trajectory.
 */
export const writeStageCheckpoint = async (dir: string, config: Config, model: Model): Promise<string> => {
  await mkdir(dir, { recursive: true });
  const ckpt: Checkpoint = {
    format: CHECKPOINT_FORMAT,
    v: 1,
    step: 0,
    config,
    position: { epoch: 0, batch: 0 },
    model: modelToJSON(model),
    // No velocity yet: the optimiser allocates zero momentum at its first step.
    optimizer: { step: 0, velocity: [] },
    seconds: 0,
  };
  const path = join(dir, STAGE_CHECKPOINT);
  await writeFile(`${path}.tmp`, JSON.stringify(ckpt));
  await rename(`${path}.tmp`, path);
  return path;
};
