/**
 * Reads (and writes) a wiring history in the format of `dnw export` (format "dnw-wiring-history"; see
 * docs/usage.md) into the same `WiringHistory` interface the live run's `wiringHistory()` operator
 * gives, so the page replays a file through the very code that draws a live run. The format's decoder
 * and writer are @dnw/pipeline's (one for the CLI and this page); this module turns a decoded file into
 * typed arrays and curves. A malformed file is a `Left` whose message names the first bad field.
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import {
  historyOf,
  parseWiringHistoryFile,
  wiringHistoryChunks,
  type ModelSummary,
  type Series,
  type WiringFileSnapshot,
  type WiringHistory,
  type WiringHistoryFile,
  type WiringSnapshot,
} from '@dnw/pipeline';

export interface Replay {
  readonly model: Pick<ModelSummary, 'kind' | 'strategy' | 'nodes' | 'blocks' | 'budget'>;
  readonly history: WiringHistory;
  /** Training loss and accuracy recorded with the snapshots (absent in files that carry none). */
  readonly loss: Series;
  readonly accuracy: Series;
  /** The loss and accuracy stored with snapshot i (NaN where the file has none). */
  readonly lossAt: Float64Array;
  readonly accuracyAt: Float64Array;
}

/** Typed arrays sorted by (to, from), the order `diffWirings` merges in. */
const snapshotOf = (step: number, liveNodes: number, from: readonly number[], to: readonly number[], weight: readonly number[]): WiringSnapshot => {
  const order = from.map((_, i) => i).sort((a, b) => to[a] - to[b] || from[a] - from[b]);
  return {
    step,
    liveNodes,
    from: Int32Array.from(order, (i) => from[i]),
    to: Int32Array.from(order, (i) => to[i]),
    weight: Float32Array.from(order, (i) => weight[i]),
  };
};

/** A decoded file as the page draws it: typed snapshots, and the loss and accuracy stored with them. */
export const replayOf = (file: WiringHistoryFile): Either<string, Replay> => {
  if (file.snapshots.length === 0) return left('snapshots: the file holds no wiring');
  const n = file.snapshots.length;
  const loss: { step: number[]; value: number[] } = { step: [], value: [] };
  const accuracy: { step: number[]; value: number[] } = { step: [], value: [] };
  const lossAt = new Float64Array(n).fill(NaN);
  const accuracyAt = new Float64Array(n).fill(NaN);
  const snapshots = file.snapshots.map((s: WiringFileSnapshot, i) => {
    if (s.loss !== undefined) {
      loss.step.push(s.step);
      loss.value.push(s.loss);
      lossAt[i] = s.loss;
    }
    if (s.accuracy !== undefined) {
      accuracyAt[i] = s.accuracy;
      if (accuracy.step.length === 0 || accuracy.value[accuracy.value.length - 1] !== s.accuracy) {
        accuracy.step.push(s.step);
        accuracy.value.push(s.accuracy);
      }
    }
    return snapshotOf(s.step, s.liveNodes, s.from, s.to, s.weight);
  });
  const m = file.model;
  return right({
    model: { kind: m.kind, strategy: m.strategy ?? 'unknown', nodes: m.nodes, blocks: m.blocks, budget: m.budget ?? snapshots[n - 1].from.length },
    history: historyOf(snapshots),
    loss,
    accuracy,
    lossAt,
    accuracyAt,
  });
};

/** Parses and decodes a file's text; JSON syntax errors are reported like any other problem. */
export const parseHistory = (text: string): Either<string, Replay> => {
  const file = parseWiringHistoryFile(text);
  return file._tag === 'Left' ? file : replayOf(file.right);
};

// ---- writing: a browser run saved in the same format, so `dnw export` and this page both read it ----

/**
 * A run's wiring history as `dnw-wiring-history` JSON, written by the pipeline's writer (the CLI's too):
 * every snapshot with the training loss and test accuracy last reported at or before its step.
 */
export const encodeHistory = (model: ModelSummary, history: WiringHistory, loss: Series, accuracy: Series): string =>
  [...wiringHistoryChunks(model, history, { loss, accuracy })].join('');
