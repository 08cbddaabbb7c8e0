/**
 * tfjs-style callbacks over the event stream, for users who prefer them to operators:
 * `train(config).subscribe(toCallbacks({ onBatchEnd: (batch, logs) => ... }))`.
 */
import type { Observer } from 'rxjs';
import type { DoneEvent, ErrorEvent, EvalEvent, StartEvent, TrainEvent } from './events.js';

export interface Logs {
  readonly [name: string]: number;
}

export interface TrainCallbacks {
  onTrainBegin?(logs: { readonly start: StartEvent }): void;
  /** `batch` is the 0-based index of the batch within its epoch (called every `logEvery` steps). */
  onBatchEnd?(batch: number, logs: Logs): void;
  /** `epoch` is 0-based; `logs` has the epoch's mean `loss` and, when evaluated, `val_loss`, `val_acc`, `test_loss`, `test_acc`. */
  onEpochEnd?(epoch: number, logs: Logs): void;
  /** Called once at the end: with the `done` metrics, or with `error` set when the run failed. */
  onTrainEnd?(logs: { readonly done?: DoneEvent; readonly error?: ErrorEvent }): void;
}

const evalLogs = (e: EvalEvent): Logs =>
  e.split === 'validation' ? { val_loss: e.loss, val_acc: e.accuracy } : { test_loss: e.loss, test_acc: e.accuracy };

/**
 * An Observer that calls the callbacks. An epoch's evaluations follow its `epoch` event, so
 * `onEpochEnd` waits for them: it runs at the next step, epoch, done or error event, or at the end.
 */
export const toCallbacks = (cb: TrainCallbacks): Observer<TrainEvent> => {
  let stepsPerEpoch = 1;
  let pending: { epoch: number; step: number; logs: Logs } | null = null;
  const flush = (): void => {
    if (pending === null) return;
    const { epoch, logs } = pending;
    pending = null;
    cb.onEpochEnd?.(epoch, logs);
  };
  return {
    next: (e) => {
      if (e.type === 'eval' && pending !== null && e.step === pending.step) {
        pending = { ...pending, logs: { ...pending.logs, ...evalLogs(e) } };
        return;
      }
      // A rewire or checkpoint at the epoch's last step may come between the epoch and its evaluations.
      if (e.type === 'rewire' || e.type === 'checkpoint') return;
      flush();
      switch (e.type) {
        case 'start':
          stepsPerEpoch = e.stepsPerEpoch;
          cb.onTrainBegin?.({ start: e });
          return;
        case 'step':
          cb.onBatchEnd?.((e.step - 1) % stepsPerEpoch, { loss: e.loss, lr: e.lr, examplesPerSec: e.examplesPerSec, step: e.step });
          return;
        case 'epoch':
          pending = { epoch: e.epoch, step: e.step, logs: { loss: e.loss, seconds: e.seconds } };
          return;
        case 'done':
          cb.onTrainEnd?.({ done: e });
          return;
        case 'error':
          cb.onTrainEnd?.({ error: e });
          return;
        default:
          return;
      }
    },
    error: (err: unknown) => {
      flush();
      cb.onTrainEnd?.({ error: { v: 1, type: 'error', kind: 'internal', message: err instanceof Error ? err.message : String(err), step: null } });
    },
    complete: flush,
  };
};
