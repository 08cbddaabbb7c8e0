/**
 * The wiring history file (`dnw-wiring-history`, the CLI's `wiring.json` and `dnw export`'s output; a
 * browser run saves the same): how a run's chosen edges changed, as snapshots a page can scrub through.
 * One writer and one decoder for every app. docs/usage.md documents the format for other readers.
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { MODEL_KINDS } from './config.js';
import type { ModelSummary } from './events.js';
import type { Series } from './operators/metrics.js';
import type { WiringHistory } from './operators/wiring-history.js';

export const WIRING_FORMAT = 'dnw-wiring-history' as const;
export const WIRING_VERSION = 1 as const;

/** A contiguous run of node indices: block b holds nodes start .. start+count-1. */
export interface BlockLayout {
  readonly label: string;
  readonly start: number;
  readonly count: number;
}

/**
 * The chosen edges at one step as parallel arrays (edge i goes from node `from[i]` to node `to[i]`
 * with weight `weight[i]`), which a reader turns into typed arrays without parsing objects. Weights
 * are the values at the snapshot's step (files written before rewire events carried `weights` hold
 * each edge's weight from when it last entered).
 */
export interface WiringFileSnapshot {
  readonly step: number;
  readonly from: readonly number[];
  readonly to: readonly number[];
  readonly weight: readonly number[];
  readonly liveNodes: number;
  /** The latest training loss (mean over the last logged steps) at or before this step. */
  readonly loss?: number;
  /** The latest evaluation accuracy at or before this step. */
  readonly accuracy?: number;
}

/** What a file must say about its model to be drawn; writers store the whole `ModelSummary`. */
export type WiringFileModel = Pick<ModelSummary, 'kind' | 'nodes' | 'blocks'> & Partial<Omit<ModelSummary, 'kind' | 'nodes' | 'blocks'>>;

export interface WiringHistoryFile {
  readonly format: typeof WIRING_FORMAT;
  readonly version: typeof WIRING_VERSION;
  readonly model: WiringFileModel;
  readonly layout: { readonly nodes: number; readonly blocks: readonly BlockLayout[] };
  readonly snapshots: readonly WiringFileSnapshot[];
}

export const blockLayout = (blocks: readonly number[]): BlockLayout[] => {
  let start = 0;
  return blocks.map((count, b) => {
    const label = b === 0 ? 'input' : b === blocks.length - 1 ? 'output' : `hidden ${b}`;
    const block = { label, start, count };
    start += count;
    return block;
  });
};

/**
 * Keeps at most `max` snapshots, evenly spread by index, always including the first and the last
 * (the initial and the final wiring).
 */
export const thinSnapshots = <T>(snapshots: readonly T[], max: number): T[] => {
  const n = snapshots.length;
  if (n <= max) return [...snapshots];
  if (max <= 1) return [snapshots[n - 1]!];
  const picked = new Set<number>();
  for (let i = 0; i < max; i++) picked.add(Math.round((i * (n - 1)) / (max - 1)));
  return [...picked].sort((x, y) => x - y).map((i) => snapshots[i]!);
};

/** The last value of a series (in step order) at or before `step`, or undefined. */
export const valueAtStep = (s: Series, step: number): number | undefined => {
  let found: number | undefined;
  for (let lo = 0, hi = s.step.length - 1; lo <= hi; ) {
    const mid = (lo + hi) >> 1;
    if (s.step[mid]! <= step) {
      found = s.value[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
};

/** A snapshot before it is written: typed arrays from `wiringHistory()` or plain arrays from an older file. */
export interface SnapshotSource {
  readonly step: number;
  readonly from: ArrayLike<number>;
  readonly to: ArrayLike<number>;
  readonly weight: ArrayLike<number>;
  readonly liveNodes: number;
  readonly loss?: number;
  readonly accuracy?: number;
}

/** Four significant digits: enough to draw a weight, a third of the bytes of a full double. */
const round4 = (w: number): number => (w === 0 ? 0 : Number(w.toPrecision(4)));

/**
 * Joined rather than concatenated: `join` gives one flat string, where `+=` leaves a tree of tens of
 * thousands of pieces, which costs ten times the memory while the text is kept (see `written`).
 */
const list = (xs: ArrayLike<number>, f: (x: number) => number = (x) => x): string => {
  const parts = new Array<number>(xs.length);
  for (let i = 0; i < xs.length; i++) parts[i] = f(xs[i]!);
  return parts.join(',');
};

/** One snapshot as JSON text, written straight from its arrays (no intermediate objects). */
export const snapshotJson = (s: SnapshotSource): string => {
  const extra = `${s.loss !== undefined ? `,"loss":${s.loss}` : ''}${s.accuracy !== undefined ? `,"accuracy":${s.accuracy}` : ''}`;
  return `{"step":${s.step},"from":[${list(s.from)}],"to":[${list(s.to)}],"weight":[${list(s.weight, round4)}],"liveNodes":${s.liveNodes}${extra}}`;
};

/**
 * Text of snapshots already written, by snapshot object: a run rewrites its history file at every
 * checkpoint, and a snapshot (immutable once emitted) keeps its text unless its loss or accuracy
 * changed. Weak, so it goes with the history.
 */
const written = new WeakMap<object, { readonly loss?: number; readonly accuracy?: number; readonly text: string }>();

const cachedSnapshotJson = (key: object, s: SnapshotSource): string => {
  const hit = written.get(key);
  if (hit !== undefined && hit.loss === s.loss && hit.accuracy === s.accuracy) return hit.text;
  const text = snapshotJson(s);
  written.set(key, { loss: s.loss, accuracy: s.accuracy, text });
  return text;
};

/** The curves sampled at each snapshot: training loss and one accuracy (validation, else test). */
export interface SnapshotCurves {
  readonly loss: Series;
  readonly accuracy: Series;
}

/**
 * A run's history (`wiringHistory()`) as chunks of file text, one per snapshot, so a history of tens of
 * megabytes is never one string or one object tree. At most `maxSnapshots` are kept (`thinSnapshots`).
 * Each snapshot carries the loss and accuracy known at its step. `previous` holds snapshots of an
 * earlier part of a resumed run; those at or after the first new snapshot's step are dropped.
 */
export function* wiringHistoryChunks(
  model: ModelSummary,
  history: WiringHistory | null,
  curves: SnapshotCurves,
  maxSnapshots: number = Infinity,
  previous: readonly SnapshotSource[] = [],
): Generator<string, void, undefined> {
  const n = history?.length ?? 0;
  const firstFresh = n > 0 ? history!.stepAt(0) : Infinity;
  type Ref = { readonly old: SnapshotSource } | { readonly fresh: number };
  const refs: Ref[] = [...previous.filter((s) => s.step < firstFresh).map((old) => ({ old })), ...Array.from({ length: n }, (_, fresh) => ({ fresh }))];
  const layout = { nodes: model.nodes, blocks: blockLayout(model.blocks) };
  yield `{"format":"${WIRING_FORMAT}","version":${WIRING_VERSION},"model":${JSON.stringify(model)},"layout":${JSON.stringify(layout)},"snapshots":[`;
  let first = true;
  for (const ref of thinSnapshots(refs, maxSnapshots)) {
    let text: string;
    if ('old' in ref) text = cachedSnapshotJson(ref.old, ref.old);
    else {
      const s = history!.at(ref.fresh);
      const loss = valueAtStep(curves.loss, s.step);
      const acc = valueAtStep(curves.accuracy, s.step);
      text = cachedSnapshotJson(s, { ...s, ...(loss !== undefined ? { loss } : {}), ...(acc !== undefined ? { accuracy: acc } : {}) });
    }
    yield `${first ? '' : ','}${text}`;
    first = false;
  }
  yield ']}\n';
}

// ---- decoding a file someone hands to `dnw export`, a resumed run or the web page ----

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);
const isCount = (u: unknown): u is number => typeof u === 'number' && Number.isInteger(u) && u >= 0;
const isFiniteNumber = (u: unknown): u is number => typeof u === 'number' && Number.isFinite(u);
const got = (u: unknown): string => JSON.stringify(u) ?? 'nothing';

/** The first bad entry of a list, named by its index, or null. */
const badEntry = (at: string, xs: readonly unknown[], ok: (x: unknown) => boolean, expected: string): string | null => {
  const i = xs.findIndex((x) => !ok(x));
  return i < 0 ? null : `${at}[${i}]: expected ${expected}, got ${got(xs[i])}`;
};

const decodeSnapshot = (s: unknown, at: string, nodes: number, previousStep: number): string | null => {
  if (!isRecord(s)) return `${at}: expected an object`;
  if (!isCount(s.step)) return `${at}.step: expected a non-negative integer`;
  if (s.step < previousStep) return `${at}.step: ${s.step} comes after step ${previousStep}; expected steps in order`;
  for (const key of ['from', 'to'] as const) {
    const a = s[key];
    if (!Array.isArray(a)) return `${at}.${key}: expected a list of node indices`;
    const bad = badEntry(`${at}.${key}`, a, (x) => isCount(x) && x < nodes, `a node index below ${nodes}`);
    if (bad !== null) return bad;
  }
  if (!Array.isArray(s.weight)) return `${at}.weight: expected a list of numbers`;
  const badW = badEntry(`${at}.weight`, s.weight, isFiniteNumber, 'a finite number');
  if (badW !== null) return badW;
  const [from, to, weight] = [s.from as unknown[], s.to as unknown[], s.weight];
  if (to.length !== from.length || weight.length !== from.length) return `${at}: from, to and weight differ in length (${from.length}, ${to.length}, ${weight.length})`;
  if (!isCount(s.liveNodes)) return `${at}.liveNodes: expected a non-negative integer`;
  if (s.loss !== undefined && !isFiniteNumber(s.loss)) return `${at}.loss: expected a finite number`;
  if (s.accuracy !== undefined && !(isFiniteNumber(s.accuracy) && s.accuracy >= 0 && s.accuracy <= 1)) return `${at}.accuracy: expected a number in [0, 1]`;
  return null;
};

/** Checks a parsed JSON value is a wiring history; the error names the first bad field. */
export const decodeWiringHistoryFile = (u: unknown): Either<string, WiringHistoryFile> => {
  if (!isRecord(u)) return left(`expected a JSON object with format "${WIRING_FORMAT}"`);
  if (u.format !== WIRING_FORMAT) return left(`format: expected "${WIRING_FORMAT}", got ${got(u.format)}`);
  if (u.version !== WIRING_VERSION) return left(`version: expected ${WIRING_VERSION}, got ${got(u.version)}`);
  const m = u.model;
  if (!isRecord(m)) return left('model: expected an object');
  if (!(MODEL_KINDS as readonly unknown[]).includes(m.kind)) return left(`model.kind: expected one of ${MODEL_KINDS.join(', ')}, got ${got(m.kind)}`);
  if (m.strategy !== undefined && typeof m.strategy !== 'string') return left(`model.strategy: expected a string, got ${got(m.strategy)}`);
  if (!isCount(m.nodes) || m.nodes === 0) return left('model.nodes: expected a positive integer');
  if (!Array.isArray(m.blocks) || m.blocks.length === 0 || !m.blocks.every(isCount)) return left('model.blocks: expected a list of block sizes');
  if (m.budget !== undefined && !isCount(m.budget)) return left(`model.budget: expected a non-negative integer, got ${got(m.budget)}`);
  const nodes = m.nodes;
  const sum = (m.blocks as number[]).reduce((a, b) => a + b, 0);
  if (sum !== nodes) return left(`model.blocks: block sizes sum to ${sum}, not model.nodes (${nodes})`);
  if (!Array.isArray(u.snapshots)) return left('snapshots: expected a list');
  let previousStep = -1;
  for (let i = 0; i < u.snapshots.length; i++) {
    const problem = decodeSnapshot(u.snapshots[i], `snapshots[${i}]`, nodes, previousStep);
    if (problem !== null) return left(problem);
    previousStep = (u.snapshots[i] as WiringFileSnapshot).step;
  }
  const model = m as unknown as WiringFileModel;
  // The layout is derived from the block sizes, so a hand-edited layout cannot disagree with them.
  return right({
    format: WIRING_FORMAT,
    version: WIRING_VERSION,
    model,
    layout: { nodes, blocks: blockLayout(model.blocks) },
    snapshots: u.snapshots as WiringFileSnapshot[],
  });
};

/** Parses and decodes a file's text; a JSON syntax error is reported like any other problem. */
export const parseWiringHistoryFile = (text: string): Either<string, WiringHistoryFile> => {
  let u: unknown;
  try {
    u = JSON.parse(text);
  } catch (e) {
    return left(`not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  return decodeWiringHistoryFile(u);
};
