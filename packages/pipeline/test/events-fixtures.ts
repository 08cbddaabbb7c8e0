import type { EdgeTriple, EvalEvent, RewireEvent, StepEvent, TrainEvent } from '../src/events.js';
import { errorEvent } from '../src/events.js';

export const step = (n: number, loss = 1 / n): StepEvent => ({ v: 1, type: 'step', step: n, epoch: 0, loss, lr: 0.1, examplesPerSec: 1000 });

export const rewire = (n: number, added: EdgeTriple[], removed: EdgeTriple[], edges: number): RewireEvent => ({
  v: 1,
  type: 'rewire',
  step: n,
  added,
  removed,
  edges,
  liveNodes: 3,
});

export const evalAt = (n: number, split: 'validation' | 'test', accuracy: number): EvalEvent => ({
  v: 1,
  type: 'eval',
  step: n,
  epoch: 0,
  split,
  loss: 1 - accuracy,
  accuracy,
});

export const nanError: TrainEvent = errorEvent('non-finite-loss', 'loss is NaN at step 7', 7);
