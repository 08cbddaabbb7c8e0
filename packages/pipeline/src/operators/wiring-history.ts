import { defer, filter, map, type OperatorFunction } from 'rxjs';
import type { EdgeTriple, RewireEvent, TrainEvent } from '../events.js';
import { base64ToFloats } from '../float-codec.js';
import { edgeKey } from './edge-key.js';

/** The chosen edges at one step, sorted by (to, from): parallel typed arrays, 12 bytes per edge. */
export interface WiringSnapshot {
  readonly step: number;
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly weight: Float32Array;
  readonly liveNodes: number;
}

/**
 * Every wiring seen so far, for a slider: `at(i)` is the i-th snapshot, `indexAtStep(s)` the last
 * snapshot at or before step s. Values emitted earlier stay valid (they see a prefix of the same
 * append-only store), so emitting a new history per rewire costs O(1) and no copying.
 */
export interface WiringHistory {
  readonly length: number;
  stepAt(i: number): number;
  at(i: number): WiringSnapshot;
  indexAtStep(step: number): number;
}

interface Store {
  readonly steps: readonly number[];
  readonly snapshots: readonly WiringSnapshot[];
}

const EMPTY: WiringSnapshot = { step: -1, from: new Int32Array(0), to: new Int32Array(0), weight: new Float32Array(0), liveNodes: 0 };

const byToFrom = (a: EdgeTriple, b: EdgeTriple): number => a[1] - b[1] || a[0] - b[0];

/**
 * The previous snapshot with the event's changes folded in, sorted by (to, from): one merge pass over
 * the kept edges and the (few) added ones, instead of sorting every edge at every rewire. `weights`,
 * when the event carries them, are the current weights in that order and replace the ones the edges
 * entered with.
 */
const nextSnapshot = (prev: WiringSnapshot, e: RewireEvent): WiringSnapshot => {
  const removed = new Set<number>();
  for (const edge of e.removed) removed.add(edgeKey(edge[0], edge[1]));
  // An edge listed twice keeps its last entry, as composing the changes in order would.
  const addedByKey = new Map<number, EdgeTriple>();
  for (const edge of e.added) addedByKey.set(edgeKey(edge[0], edge[1]), edge);
  const added = [...addedByKey.values()].sort(byToFrom);
  const cap = prev.from.length + added.length;
  const from = new Int32Array(cap);
  const to = new Int32Array(cap);
  let weight: Float32Array = new Float32Array(cap);
  let n = 0;
  let j = 0;
  const push = (f: number, t: number, w: number): void => {
    from[n] = f;
    to[n] = t;
    weight[n] = w;
    n++;
  };
  for (let i = 0; i < prev.from.length; i++) {
    const f = prev.from[i]!;
    const t = prev.to[i]!;
    while (j < added.length && (added[j]![1] < t || (added[j]![1] === t && added[j]![0] < f))) {
      const a = added[j++]!;
      push(a[0], a[1], a[2]);
    }
    // An edge added again while present takes the added entry.
    if (j < added.length && added[j]![1] === t && added[j]![0] === f) continue;
    if (!removed.has(edgeKey(f, t))) push(f, t, prev.weight[i]!);
  }
  while (j < added.length) {
    const a = added[j++]!;
    push(a[0], a[1], a[2]);
  }
  if (e.weights !== undefined) {
    const current = base64ToFloats(e.weights);
    if (current === null || current.length !== n) {
      throw new RangeError(`wiringHistory: the rewire at step ${e.step} carries ${current === null ? 'unreadable' : current.length} weights for ${n} chosen edges`);
    }
    weight = current;
  } else weight = weight.subarray(0, n);
  return { step: e.step, from: from.subarray(0, n), to: to.subarray(0, n), weight, liveNodes: e.liveNodes };
};

const historyView = (store: Store, length: number): WiringHistory => {
  const check = (i: number): void => {
    if (!(Number.isInteger(i) && i >= 0 && i < length)) throw new RangeError(`WiringHistory: index ${i} is outside 0..${length - 1}`);
  };
  return {
    length,
    stepAt: (i) => {
      check(i);
      return store.steps[i]!;
    },
    at: (i) => {
      check(i);
      return store.snapshots[i]!;
    },
    indexAtStep: (step) => {
      let lo = 0;
      let hi = length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (store.steps[mid]! <= step) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return found;
    },
  };
};

/** A history over a fixed list of snapshots in step order (a file replayed, a test's fixture). */
export const historyOf = (snapshots: readonly WiringSnapshot[]): WiringHistory =>
  historyView({ steps: snapshots.map((s) => s.step), snapshots }, snapshots.length);

/**
 * Folds `rewire` events into the wiring at each of their steps and emits the growing history once
 * per rewire (other events are dropped). A snapshot is the typed-array copy of the chosen edges,
 * with the weights at its step when the event carries `weights` (every rewire `train` emits does);
 * otherwise each edge keeps the weight it had when it last entered.
 *
 * ```
 * source:  -s-r0--e--r1--|
 * history: ---h1------h2-|
 * ```
 */
export const wiringHistory =
  (): OperatorFunction<TrainEvent, WiringHistory> =>
  (source) =>
    defer(() => {
      let last = EMPTY;
      const steps: number[] = [];
      const snapshots: WiringSnapshot[] = [];
      const store: Store = { steps, snapshots };
      const apply = (e: RewireEvent): WiringHistory => {
        last = nextSnapshot(last, e);
        steps.push(e.step);
        snapshots.push(last);
        return historyView(store, steps.length);
      };
      return source.pipe(
        filter((e): e is RewireEvent => e.type === 'rewire'),
        map(apply),
      );
    });
