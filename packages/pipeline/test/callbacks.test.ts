import { describe, expect, it } from 'vitest';
import { from } from 'rxjs';
import { toCallbacks } from '../src/callbacks.js';
import { train } from '../src/train.js';
import { errorEvent, type TrainEvent } from '../src/events.js';
import { evalAt, step } from './events-fixtures.js';
import { small } from './train-fixtures.js';

const record = () => {
  const calls: unknown[][] = [];
  return {
    calls,
    callbacks: {
      onTrainBegin: (logs: unknown) => calls.push(['begin', logs]),
      onBatchEnd: (batch: number, logs: unknown) => calls.push(['batch', batch, logs]),
      onEpochEnd: (epoch: number, logs: unknown) => calls.push(['epoch', epoch, logs]),
      onTrainEnd: (logs: unknown) => calls.push(['end', logs]),
    },
  };
};

describe('toCallbacks', () => {
  it('calls tfjs-style callbacks with 0-based indices and the epoch evaluations in the epoch logs', async () => {
    const { calls, callbacks } = record();
    await new Promise<void>((resolve) => train({ ...small, epochs: 2, logEvery: 10 }).subscribe({ ...toCallbacks(callbacks), complete: resolve }));
    const kinds = calls.map((c) => (c[0] === 'batch' || c[0] === 'epoch' ? `${c[0]}${c[1]}` : c[0]));
    // 20 steps per epoch, logged every 10: batches 9 and 19 of each epoch.
    expect(kinds).toEqual(['begin', 'batch9', 'batch19', 'epoch0', 'batch9', 'batch19', 'epoch1', 'end']);
    for (const i of [3, 6]) {
      const logs = calls[i]![2] as Record<string, number>;
      expect(Object.keys(logs).sort()).toEqual(['loss', 'seconds', 'test_acc', 'test_loss', 'val_acc', 'val_loss']);
    }
    const end = calls.at(-1)![1] as { done?: { type: string } };
    expect(end.done?.type).toBe('done');
  });

  it('reports an error event through onTrainEnd', () => {
    const { calls, callbacks } = record();
    const start = { v: 1, type: 'start', stepsPerEpoch: 4 } as unknown as TrainEvent;
    const err = errorEvent('non-finite-loss', 'loss is NaN at step 3', 3);
    from([start, step(1), step(2), err]).subscribe(toCallbacks(callbacks));
    expect(calls.map((c) => c[0])).toEqual(['begin', 'batch', 'batch', 'end']);
    expect(calls[1]![1]).toBe(0);
    expect(calls.at(-1)![1]).toEqual({ error: err });
  });

  it('flushes a pending epoch at completion and keeps evaluations of other steps out of it', () => {
    const { calls, callbacks } = record();
    const epoch = { v: 1, type: 'epoch', epoch: 0, step: 4, loss: 0.5, seconds: 1 } as TrainEvent;
    from([epoch, evalAt(4, 'test', 0.75), evalAt(5, 'test', 0.8)]).subscribe(toCallbacks(callbacks));
    expect(calls).toEqual([['epoch', 0, { loss: 0.5, seconds: 1, test_loss: 0.25, test_acc: 0.75 }]]);
  });
});
