/**
 * Reads (and writes) a wiring history in the format of `dnw export` (format "dnw-wiring-history", version 1; see
 * docs/usage.md) into the same `WiringHistory` interface the live run's `wiringHistory()` operator
 * gives, so the page replays a file through the very code that draws a live run. A malformed file is
 * a `Left` whose message names the first bad field; nothing half-read reaches the view.
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type { ModelSummary, Series, WiringHistory, WiringSnapshot } from '@dnw/pipeline';

export const HISTORY_FORMAT = 'dnw-wiring-history';
export const HISTORY_VERSION = 1;

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

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);
const isCount = (u: unknown): u is number => typeof u === 'number' && Number.isInteger(u) && u >= 0;
const isFinite = (u: unknown): u is number => typeof u === 'number' && Number.isFinite(u);
const KINDS = ['static', 'mlp', 'discrete', 'continuous'] as const;

/** A WiringHistory over a fixed list of snapshots in step order. */
export const historyOf = (snapshots: readonly WiringSnapshot[]): WiringHistory => {
  const check = (i: number) => {
    if (!(Number.isInteger(i) && i >= 0 && i < snapshots.length)) throw new RangeError(`history: index ${i} is outside 0..${snapshots.length - 1}`);
  };
  return {
    length: snapshots.length,
    stepAt: (i) => (check(i), snapshots[i].step),
    at: (i) => (check(i), snapshots[i]),
    indexAtStep: (step) => {
      let found = -1;
      for (let lo = 0, hi = snapshots.length - 1; lo <= hi; ) {
        const mid = (lo + hi) >> 1;
        if (snapshots[mid].step <= step) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return found;
    },
  };
};

/** Typed arrays sorted by (to, from), the order `diffWirings` merges in. */
const snapshotOf = (step: number, liveNodes: number, from: number[], to: number[], weight: number[]): WiringSnapshot => {
  const order = from.map((_, i) => i).sort((a, b) => to[a] - to[b] || from[a] - from[b]);
  return {
    step,
    liveNodes,
    from: Int32Array.from(order, (i) => from[i]),
    to: Int32Array.from(order, (i) => to[i]),
    weight: Float32Array.from(order, (i) => weight[i]),
  };
};

export const decodeHistory = (u: unknown): Either<string, Replay> => {
  if (!isRecord(u)) return left('expected a JSON object with format "dnw-wiring-history"');
  if (u.format !== HISTORY_FORMAT) return left(`format: expected "${HISTORY_FORMAT}", got ${JSON.stringify(u.format) ?? 'nothing'}`);
  if (u.version !== HISTORY_VERSION) return left(`version: expected ${HISTORY_VERSION}, got ${JSON.stringify(u.version) ?? 'nothing'}`);
  const m = u.model;
  if (!isRecord(m)) return left('model: expected an object');
  if (!KINDS.includes(m.kind as (typeof KINDS)[number])) return left(`model.kind: expected one of ${KINDS.join(', ')}, got ${JSON.stringify(m.kind) ?? 'nothing'}`);
  if (!isCount(m.nodes) || m.nodes === 0) return left('model.nodes: expected a positive integer');
  if (!Array.isArray(m.blocks) || m.blocks.length === 0 || !m.blocks.every(isCount)) return left('model.blocks: expected a list of block sizes');
  const nodes = m.nodes;
  const sum = (m.blocks as number[]).reduce((a, b) => a + b, 0);
  if (sum !== nodes) return left(`model.blocks: block sizes sum to ${sum}, not model.nodes (${nodes})`);
  if (!Array.isArray(u.snapshots)) return left('snapshots: expected a list');
  if (u.snapshots.length === 0) return left('snapshots: the file holds no wiring');
  const snapshots: WiringSnapshot[] = [];
  const loss: { step: number[]; value: number[] } = { step: [], value: [] };
  const accuracy: { step: number[]; value: number[] } = { step: [], value: [] };
  const lossAt = new Float64Array(u.snapshots.length).fill(NaN);
  const accuracyAt = new Float64Array(u.snapshots.length).fill(NaN);
  let lastStep = -1;
  for (let i = 0; i < u.snapshots.length; i++) {
    const s: unknown = u.snapshots[i];
    const at = `snapshots[${i}]`;
    if (!isRecord(s)) return left(`${at}: expected an object`);
    if (!isCount(s.step)) return left(`${at}.step: expected a non-negative integer`);
    if (s.step < lastStep) return left(`${at}.step: ${s.step} comes after step ${lastStep}; expected steps in order`);
    lastStep = s.step;
    for (const key of ['from', 'to'] as const) {
      const a = s[key];
      if (!Array.isArray(a)) return left(`${at}.${key}: expected a list of node indices`);
      const bad = a.findIndex((x) => !(isCount(x) && x < nodes));
      if (bad >= 0) return left(`${at}.${key}[${bad}]: expected a node index below ${nodes}, got ${JSON.stringify(a[bad])}`);
    }
    if (!Array.isArray(s.weight)) return left(`${at}.weight: expected a list of numbers`);
    const badW = s.weight.findIndex((x) => !isFinite(x));
    if (badW >= 0) return left(`${at}.weight[${badW}]: expected a finite number, got ${JSON.stringify(s.weight[badW])}`);
    const from = s.from as number[];
    const to = s.to as number[];
    const weight = s.weight as number[];
    if (to.length !== from.length || weight.length !== from.length) {
      return left(`${at}: from, to and weight differ in length (${from.length}, ${to.length}, ${weight.length})`);
    }
    if (!isCount(s.liveNodes)) return left(`${at}.liveNodes: expected a non-negative integer`);
    if (s.loss !== undefined) {
      if (!isFinite(s.loss)) return left(`${at}.loss: expected a finite number`);
      loss.step.push(s.step);
      loss.value.push(s.loss);
      lossAt[i] = s.loss;
    }
    if (s.accuracy !== undefined) {
      if (!(isFinite(s.accuracy) && s.accuracy >= 0 && s.accuracy <= 1)) return left(`${at}.accuracy: expected a number in [0, 1]`);
      accuracyAt[i] = s.accuracy;
      if (accuracy.step.length === 0 || accuracy.value[accuracy.value.length - 1] !== s.accuracy) {
        accuracy.step.push(s.step);
        accuracy.value.push(s.accuracy);
      }
    }
    snapshots.push(snapshotOf(s.step, s.liveNodes, from, to, weight));
  }
  return right({
    model: {
      kind: m.kind as (typeof KINDS)[number],
      strategy: typeof m.strategy === 'string' ? m.strategy : 'unknown',
      nodes,
      blocks: m.blocks as number[],
      budget: isCount(m.budget) ? m.budget : snapshots[snapshots.length - 1].from.length,
    },
    history: historyOf(snapshots),
    loss,
    accuracy,
    lossAt,
    accuracyAt,
  });
};

/** Parses and decodes a file's text; JSON syntax errors are reported like any other problem. */
export const parseHistory = (text: string): Either<string, Replay> => {
  let u: unknown;
  try {
    u = JSON.parse(text);
  } catch (e) {
    return left(`not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  return decodeHistory(u);
};

// ---- writing: a browser run saved in the same format, so `dnw export` and this page both read it ----

const round4 = (w: number): number => (w === 0 ? 0 : Number(w.toPrecision(4)));

/** The last value of a series at or before `step` (series are in step order), or undefined. */
const valueAt = (s: Series, step: number): number | undefined => {
  let found: number | undefined;
  for (let lo = 0, hi = s.step.length - 1; lo <= hi; ) {
    const mid = (lo + hi) >> 1;
    if (s.step[mid] <= step) {
      found = s.value[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
};

/**
 * A run's wiring history as `dnw-wiring-history` version 1 JSON: every snapshot with the training loss
 * and test accuracy last reported at or before its step. Weights keep 4 significant digits, as the
 * CLI writes them.
 */
export const encodeHistory = (model: ModelSummary, history: WiringHistory, loss: Series, accuracy: Series): string => {
  let start = 0;
  const blocks = model.blocks.map((count, b) => {
    const label = b === 0 ? 'input' : b === model.blocks.length - 1 ? 'output' : `hidden ${b}`;
    const block = { label, start, count };
    start += count;
    return block;
  });
  const snapshots = [];
  for (let i = 0; i < history.length; i++) {
    const s = history.at(i);
    const l = valueAt(loss, s.step);
    const a = valueAt(accuracy, s.step);
    snapshots.push({
      step: s.step,
      from: Array.from(s.from),
      to: Array.from(s.to),
      weight: Array.from(s.weight, round4),
      liveNodes: s.liveNodes,
      ...(l !== undefined ? { loss: l } : {}),
      ...(a !== undefined ? { accuracy: a } : {}),
    });
  }
  return JSON.stringify({ format: HISTORY_FORMAT, version: HISTORY_VERSION, model, layout: { nodes: model.nodes, blocks }, snapshots });
};
