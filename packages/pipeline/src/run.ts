/**
 * One training run's state and its step: the model, the optimiser, the batcher and the counters
 * that decide when to log, rewire, evaluate and checkpoint. `train` drives it in chunks; everything
 * here is synchronous except the file writes.
 */
import { Batcher, type Batch, type DatasetView } from '@dnw/data';
import {
  lossAndGrad,
  modelFromJSON,
  modelToJSON,
  paramCount,
  paramLeaves,
  sgd,
  constant,
  cosine,
  step as stepSchedule,
  type Model,
  type Schedule,
  type Sgd,
} from '@dnw/graph';
import { tensor, type Tensor } from '@dnw/tensor';
import { readCheckpoint, listCheckpoints, saveCheckpoint, type Checkpoint } from './checkpoint.js';
import type { Config } from './config.js';
import { EVENT_VERSION, type DoneEvent, type ModelSummary, type StartEvent, type TrainEvent } from './events.js';
import { base64ToFloats, floatsToBase64 } from './float-codec.js';
import { joinPath, writeAtomic, type TrainFs } from './fs.js';
import { startModel } from './start-model.js';
import type { TrainData } from './train-data.js';
import { RunError } from './run-error.js';
import { wiringTracker, type WiringTracker } from './wiring.js';
import { evalBatcher, evaluateSplit, type SplitEvaluation } from './evaluate-split.js';

export interface RunInit {
  readonly config: Config;
  readonly data: TrainData;
  readonly fs: TrainFs | null;
  readonly backend: 'wasm' | 'js';
  readonly now: () => number;
}

type Emit = (e: TrainEvent) => boolean;

export interface Run {
  startEvent(): StartEvent;
  /** The events due before the first step (the initial wiring). False when the subscriber left. */
  emitInitial(emit: Emit): boolean;
  /** One optimiser step and its events. False when the subscriber left; throws RunError. */
  step(emit: Emit): boolean;
  finished(): boolean;
  /** A checkpoint is due: the driver ends the chunk and calls `doIo`. */
  wantsIo(): boolean;
  doIo(emit: Emit): Promise<boolean>;
  /** Final evaluation, wiring, checkpoint and model file; the `done` event (not yet emitted). */
  finish(emit: Emit): Promise<DoneEvent | null>;
}

export const MODEL_FILE = 'model.json';

interface OptimizerJSON {
  readonly step: number;
  readonly velocity: readonly string[];
}

const scheduleOf = (config: Config, totalSteps: number, stepsPerEpoch: number): Schedule => {
  const s = config.optimizer.schedule;
  switch (s.kind) {
    case 'constant':
      return constant();
    case 'cosine':
      return cosine(totalSteps, Math.min(s.warmupSteps, totalSteps - 1));
    case 'step':
      return stepSchedule(s.milestones.map((m) => Math.round(m * stepsPerEpoch)), s.gamma);
  }
};

/** The fields that must agree for a checkpoint to continue this run. */
const trajectoryOf = (c: Config): string =>
  JSON.stringify({ seed: c.seed, data: c.data, model: c.model, optimizer: c.optimizer, epochs: c.epochs, steps: c.steps, batchSize: c.batchSize });

const allFinite = (model: Model): boolean => paramLeaves(model.params).every((t) => t.data.every(Number.isFinite));

interface Resumed {
  readonly model: Model;
  readonly ckpt: Checkpoint;
  readonly path: string;
}

const resumeFrom = async (fs: TrainFs, config: Config, sgdOf: Sgd): Promise<Resumed | null> => {
  const dir = config.checkpoint.dir!;
  const [latest] = await listCheckpoints(fs, dir);
  if (latest === undefined) return null;
  const read = await readCheckpoint(fs, latest.path);
  if (read._tag === 'Left') throw new RunError('io', read.left);
  const ckpt = read.right;
  if (trajectoryOf(ckpt.config) !== trajectoryOf(config)) {
    throw new RunError('config', `${latest.path}: saved by a run with another seed, data, model, optimizer, epochs, steps or batchSize; resume with the same settings or another checkpoint.dir`);
  }
  const restored = modelFromJSON(ckpt.model);
  if (restored._tag === 'Left') throw new RunError('io', `${latest.path}: model.${restored.left.message}`);
  const model = restored.right;
  const opt = ckpt.optimizer as OptimizerJSON;
  const velocity = opt.velocity.map((v) => base64ToFloats(v));
  if (velocity.some((v) => v === null)) throw new RunError('io', `${latest.path}: optimizer.velocity: not base64 floats`);
  sgdOf.load({ step: opt.step, velocity: velocity as Float32Array[] });
  return { model, ckpt, path: latest.path };
};

export const createRun = async ({ config, data, fs, backend, now }: RunInit): Promise<Run> => {
  let batcher: Batcher;
  try {
    batcher = new Batcher(data.train, { batchSize: config.batchSize, seed: config.seed, dropLast: true });
  } catch (err) {
    throw new RunError('config', `batchSize: ${err instanceof Error ? err.message : String(err)}`);
  }
  const stepsPerEpoch = batcher.batchesPerEpoch;
  const totalSteps = config.steps ?? Math.max(1, Math.round(config.epochs * stepsPerEpoch));
  const o = config.optimizer;
  const opt = sgd({ lr: o.lr, momentum: o.momentum, weightDecay: o.weightDecay, nesterov: o.nesterov, schedule: scheduleOf(config, totalSteps, stepsPerEpoch) });

  let model: Model;
  let resumed: Resumed | null = null;
  try {
    if (config.checkpoint.resume && fs) resumed = await resumeFrom(fs, config, opt);
    model = resumed ? resumed.model : await startModel(config, fs, data.features, data.classes);
  } catch (err) {
    if (err instanceof RunError) throw err;
    throw new RunError('config', `model: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (resumed) {
    const at = batcher.seek(resumed.ckpt.position);
    if (at._tag === 'Left') throw new RunError('io', `${resumed.path}: ${at.left.message}`);
  }

  const evalBatchers = new Map<DatasetView, Batcher>();
  const evaluateOn = (view: DatasetView): SplitEvaluation => {
    let b = evalBatchers.get(view);
    if (!b) {
      b = evalBatcher(view);
      evalBatchers.set(view, b);
    }
    return evaluateSplit(model, b);
  };

  // The batcher hands back the same Batch objects (full and partial): one tensor view each.
  const tensors = new Map<Batch, Tensor>();
  const tensorOf = (b: Batch): Tensor => {
    let t = tensors.get(b);
    if (!t || t.data !== b.x) {
      t = tensor(b.x, b.shape);
      tensors.set(b, t);
    }
    return t;
  };

  const tracker: WiringTracker = wiringTracker(model);
  const cp = config.checkpoint;
  let step = resumed ? resumed.ckpt.step : 0;
  /** The 0-based epoch of the last step taken. */
  let epoch = step === 0 ? 0 : Math.floor((step - 1) / stepsPerEpoch);
  const startedAt = now();
  const secondsBefore = resumed ? resumed.ckpt.seconds : 0;
  const seconds = (): number => secondsBefore + (now() - startedAt) / 1000;
  let logSum = 0;
  let logCount = 0;
  let logExamples = 0;
  let logSince = now();
  let epochSum = 0;
  let epochCount = 0;
  let epochSince = now();
  let lastRewire = -1;
  let checkpointDue = false;
  let lastCheckpoint: string | null = resumed ? resumed.path : null;

  const summary = (): ModelSummary => {
    const sets = model.edgeSets;
    return {
      kind: model.spec.kind,
      strategy: sets[0]?.strategy.name ?? config.model.strategy,
      nodes: model.nodes.count,
      blocks: model.nodes.columns,
      allowedEdges: sets.reduce((n, es) => n + es.allowedCount, 0),
      budget: sets.reduce((n, es) => n + Math.min(es.k, es.allowedCount), 0),
      params: paramCount(model.params),
      backend,
    };
  };

  // The graph takes min(k, allowed) per edge set; the start event reports a k it could not honour.
  const budgetClamped = (): StartEvent['budgetClamped'] => {
    const sets = model.edgeSets;
    const requested = sets.reduce((n, es) => n + es.k, 0);
    const used = sets.reduce((n, es) => n + Math.min(es.k, es.allowedCount), 0);
    return requested > used ? { requested, used } : null;
  };

  const emitRewire = (emit: Emit): boolean => {
    lastRewire = step;
    const c = tracker.change();
    return emit({ v: EVENT_VERSION, type: 'rewire', step, added: c.added, removed: c.removed, edges: c.edges, liveNodes: c.liveNodes, weights: c.weights });
  };

  const emitEvals = (emit: Emit): boolean => {
    if (data.validation) {
      const v = evaluateOn(data.validation);
      if (!emit({ v: EVENT_VERSION, type: 'eval', step, epoch, split: 'validation', loss: v.loss, accuracy: v.accuracy })) return false;
    }
    const t = evaluateOn(data.test);
    return emit({ v: EVENT_VERSION, type: 'eval', step, epoch, split: 'test', loss: t.loss, accuracy: t.accuracy });
  };

  const writeCheckpoint = async (emit: Emit): Promise<boolean> => {
    checkpointDue = false;
    if (!fs || cp.dir === null) return true;
    if (!allFinite(model)) throw new RunError('non-finite-loss', `weights are not finite after step ${step}; the last checkpoint is kept`, step);
    const ckpt: Checkpoint = {
      format: 'dnw-checkpoint',
      v: 1,
      step,
      config,
      position: batcher.position(),
      model: modelToJSON(model),
      optimizer: ((s) => ({ step: s.step, velocity: s.velocity.map(floatsToBase64) }))(opt.state()),
      seconds: seconds(),
    };
    try {
      lastCheckpoint = await saveCheckpoint(fs, cp.dir, ckpt, cp.keep);
    } catch (err) {
      throw new RunError('io', `checkpoint.dir: cannot write ${cp.dir}: ${err instanceof Error ? err.message : String(err)}`, step);
    }
    return emit({ v: EVENT_VERSION, type: 'checkpoint', step, path: lastCheckpoint });
  };

  return {
    startEvent: () => ({
      v: EVENT_VERSION,
      type: 'start',
      config,
      model: summary(),
      totalSteps,
      stepsPerEpoch,
      resumedFrom: resumed ? { step: resumed.ckpt.step, path: resumed.path } : null,
      budgetClamped: budgetClamped(),
    }),

    emitInitial: (emit) => {
      if (config.rewireEvery === 0) return true;
      return emitRewire(emit);
    },

    step: (emit) => {
      const b = batcher.next();
      const { loss, grads } = lossAndGrad(model, { x: tensorOf(b), labels: b.labels });
      const lr = opt.lr();
      if (!Number.isFinite(loss)) {
        throw new RunError('non-finite-loss', `loss is ${loss} at step ${step + 1} (lr ${lr}); the last checkpoint is kept`, step + 1);
      }
      opt.step(model.params, grads);
      step++;
      epoch = b.epoch;
      logSum += loss;
      logCount++;
      logExamples += b.size;
      epochSum += loss;
      epochCount++;
      const last = step === totalSteps;
      if (step % config.logEvery === 0 || last) {
        const t = now();
        const ok = emit({ v: EVENT_VERSION, type: 'step', step, epoch, loss: logSum / logCount, lr, examplesPerSec: (logExamples * 1000) / Math.max(t - logSince, 1e-3) });
        logSum = 0;
        logCount = 0;
        logExamples = 0;
        logSince = t;
        if (!ok) return false;
      }
      if (config.rewireEvery > 0 && step % config.rewireEvery === 0 && !emitRewire(emit)) return false;
      const epochEnd = batcher.position().batch === 0;
      if (epochEnd) {
        const t = now();
        const ok = emit({ v: EVENT_VERSION, type: 'epoch', epoch, step, loss: epochSum / epochCount, seconds: (t - epochSince) / 1000 });
        epochSum = 0;
        epochCount = 0;
        epochSince = t;
        if (!ok) return false;
      }
      if (!last) {
        const evalDue = config.evalEvery === 'epoch' ? epochEnd : step % config.evalEvery === 0;
        if (evalDue && !emitEvals(emit)) return false;
        if (cp.dir !== null && (cp.every === 'epoch' ? epochEnd : step % cp.every === 0)) checkpointDue = true;
      }
      return true;
    },

    finished: () => step >= totalSteps,
    wantsIo: () => checkpointDue,
    doIo: (emit) => writeCheckpoint(emit),

    finish: async (emit) => {
      if (config.rewireEvery > 0 && lastRewire !== step && !emitRewire(emit)) return null;
      const validation = data.validation ? evaluateOn(data.validation) : null;
      if (validation && !emit({ v: EVENT_VERSION, type: 'eval', step, epoch, split: 'validation', ...validation })) return null;
      const test = evaluateOn(data.test);
      if (!emit({ v: EVENT_VERSION, type: 'eval', step, epoch, split: 'test', ...test })) return null;
      let modelPath: string | null = null;
      if (fs && cp.dir !== null) {
        if (!(await writeCheckpoint(emit))) return null;
        modelPath = joinPath(cp.dir, MODEL_FILE);
        try {
          await writeAtomic(fs, modelPath, JSON.stringify(modelToJSON(model)));
        } catch (err) {
          throw new RunError('io', `checkpoint.dir: cannot write ${modelPath}: ${err instanceof Error ? err.message : String(err)}`, step);
        }
      }
      const c = tracker.change();
      return {
        v: EVENT_VERSION,
        type: 'done',
        step,
        epoch,
        test,
        validation,
        edges: c.edges,
        liveNodes: c.liveNodes,
        flops: c.flops,
        seconds: seconds(),
        paths: { checkpoint: lastCheckpoint, model: modelPath },
      };
    },
  };
};
