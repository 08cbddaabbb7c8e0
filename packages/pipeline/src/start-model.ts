/**
 * The model a fresh run starts from: the config's new model, or (with `model.from`) a trained one's
 * frozen top-k mask at this config's budget, with its trained weights (fine-tune) or its initial
 * weights (lottery). The trained model is read through the run's `TrainFs` like a checkpoint.
 */
import { copyParamsInto, createModel, fineTuneFrom, lotteryFrom, modelFromJSON, type Model, type ModelSpec } from '@dnw/graph';
import { FROM_STRATEGIES, type Config, type FromConfig } from './config.js';
import type { TrainFs } from './fs.js';
import { modelSpecOf } from './model-spec.js';
import { RunError } from './run-error.js';

/** The spec without what a run may change about a trained model: its strategy and its budget. */
const shapeOf = (spec: ModelSpec): string => {
  const { strategy: _s, edges: _e, keep: _k, keepPerLayer: _p, ...shape } = spec as ModelSpec & Record<'edges' | 'keep' | 'keepPerLayer', unknown>;
  return JSON.stringify(shape);
};

const fromError = (from: FromConfig, reason: string): RunError => new RunError('config', `model.from.path: ${from.path}: ${reason}`);

const readTrained = async (fs: TrainFs, from: FromConfig): Promise<Model> => {
  let text: string;
  try {
    text = new TextDecoder().decode(await fs.readFile(from.path));
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'ENOENT') throw fromError(from, 'no such file');
    throw new RunError('io', `model.from.path: ${from.path}: cannot read it: ${err instanceof Error ? err.message : String(err)}`);
  }
  let u: unknown;
  try {
    u = JSON.parse(text);
  } catch (err) {
    throw fromError(from, `not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const model = modelFromJSON(u);
  if (model._tag === 'Left') throw fromError(from, `model.json: ${model.left.message}`);
  return model.right;
};

/** Throws RunError('config') for a spec the graph package rejects or a trained model that does not fit. */
export const startModel = async (config: Config, fs: TrainFs | null, features: number, classes: number): Promise<Model> => {
  const m = config.model;
  if (m.from === null && (FROM_STRATEGIES as readonly string[]).includes(m.strategy)) {
    throw new RunError('config', `model.strategy: "${m.strategy}" starts from a trained model's frozen top-k mask: set model.from to { "path": "<model.json>", "as": "${m.strategy}" }`);
  }
  let spec: ModelSpec;
  try {
    if (m.from === null) return createModel(modelSpecOf(m, features, classes), config.seed);
    // fine-tune and lottery models are built by the graph's baselines from a complete one (below).
    spec = modelSpecOf({ ...m, strategy: 'complete' }, features, classes);
  } catch (err) {
    throw new RunError('config', `model: ${err instanceof Error ? err.message : String(err)}`);
  }
  const from = m.from;
  if (fs === null) throw new RunError('config', 'model.from.path: this runtime has no file system; pass deps.fs to read the trained model');
  const trained = await readTrained(fs, from);
  if (shapeOf(trained.spec) !== shapeOf(spec)) {
    throw fromError(from, `its model ${shapeOf(trained.spec)} is not the one this config describes ${shapeOf(spec)}`);
  }
  // The trained weights in a model with this config's budget, so the frozen top-k mask keeps this run's k edges.
  const atBudget = createModel(spec, config.seed);
  copyParamsInto(atBudget.params, trained.params);
  if (atBudget.buffers !== undefined && trained.buffers !== undefined) copyParamsInto(atBudget.buffers, trained.buffers);
  if (from.as === 'fine-tune') return fineTuneFrom(atBudget, config.seed);
  // Initial weights depend on the spec and the seed alone: rebuilding the trained model's spec gives them.
  const initial = createModel(trained.spec, from.seed ?? config.seed);
  return lotteryFrom(atBudget, initial.params, config.seed);
};
