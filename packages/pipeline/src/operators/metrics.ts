import { defer, filter, map, type OperatorFunction } from 'rxjs';
import type { TrainEvent } from '../events.js';

/** One chart line: x (steps) and y, as columns ready for uPlot. */
export interface Series {
  readonly step: readonly number[];
  readonly value: readonly number[];
}

/** The running series of a training run, emitted after every event that adds a point. */
export interface Metrics {
  readonly trainLoss: Series;
  readonly lr: Series;
  readonly examplesPerSec: Series;
  readonly validationLoss: Series;
  readonly validationAccuracy: Series;
  readonly testLoss: Series;
  readonly testAccuracy: Series;
  readonly edges: Series;
  readonly liveNodes: Series;
  /** The last step seen. */
  readonly step: number;
  readonly epoch: number;
}

const EMPTY: Series = { step: [], value: [] };

export const emptyMetrics: Metrics = {
  trainLoss: EMPTY,
  lr: EMPTY,
  examplesPerSec: EMPTY,
  validationLoss: EMPTY,
  validationAccuracy: EMPTY,
  testLoss: EMPTY,
  testAccuracy: EMPTY,
  edges: EMPTY,
  liveNodes: EMPTY,
  step: 0,
  epoch: 0,
};

const push = (s: Series, step: number, value: number): Series => ({ step: [...s.step, step], value: [...s.value, value] });

/** The metrics after one more event; the same object back when the event adds nothing. */
export const addEvent = (m: Metrics, e: TrainEvent): Metrics => {
  switch (e.type) {
    case 'step':
      return {
        ...m,
        trainLoss: push(m.trainLoss, e.step, e.loss),
        lr: push(m.lr, e.step, e.lr),
        examplesPerSec: push(m.examplesPerSec, e.step, e.examplesPerSec),
        step: e.step,
        epoch: e.epoch,
      };
    case 'eval':
      return e.split === 'validation'
        ? { ...m, validationLoss: push(m.validationLoss, e.step, e.loss), validationAccuracy: push(m.validationAccuracy, e.step, e.accuracy), step: e.step, epoch: e.epoch }
        : { ...m, testLoss: push(m.testLoss, e.step, e.loss), testAccuracy: push(m.testAccuracy, e.step, e.accuracy), step: e.step, epoch: e.epoch };
    case 'rewire':
      return { ...m, edges: push(m.edges, e.step, e.edges), liveNodes: push(m.liveNodes, e.step, e.liveNodes), step: e.step };
    default:
      return m;
  }
};

/**
 * Scans training events into chart series: one emission per `step`, `eval` or `rewire` event, each
 * a new immutable value (safe to keep, compare or hand to React). Copies are O(points) per event:
 * meant for chart-sized series (logEvery keeps them in the thousands).
 *
 * ```
 * source:  -s-a-e-r-|      (s step, a start, e eval, r rewire)
 * metrics: -m---m-m-|
 * ```
 */
export const metrics =
  (): OperatorFunction<TrainEvent, Metrics> =>
  (source) =>
    // Built from RxJS's own operators so unsubscribing reaches a synchronous source at once.
    defer(() => {
      let m = emptyMetrics;
      return source.pipe(
        filter((e) => {
          const next = addEvent(m, e);
          if (next === m) return false;
          m = next;
          return true;
        }),
        map(() => m),
      );
    });
