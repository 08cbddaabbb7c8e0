/**
 * The wiring history file (`wiring.json`): how a run's chosen edges changed, as snapshots a web page
 * can scrub through. The pipeline's `wiringHistory()` operator folds the rewire events; this module
 * gives that history its versioned JSON form, and `dnw export` validates and thins it. docs/usage.md documents the format for other readers.
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type { ModelSummary, Series, TrainEvent, WiringHistory as PipelineWiringHistory } from '@dnw/pipeline';

export const WIRING_FORMAT = 'dnw-wiring-history' as const;
export const WIRING_VERSION = 1 as const;

/** A contiguous run of node indices: block b holds nodes start .. start+count-1. */
export interface BlockLayout {
  readonly label: string;
  readonly start: number;
  readonly count: number;
}

/**
 * The chosen edges at one step, as parallel arrays (edge i goes from node `from[i]` to node `to[i]`
 * with weight `weight[i]`), which a reader turns into typed arrays without parsing objects.
 * An edge's weight is its value at the snapshot's step (rewire events carry every chosen edge's
 * current weight); files written before that hold the weight the edge entered with.
 */
export interface WiringSnapshot {
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

export interface WiringHistory {
  readonly format: typeof WIRING_FORMAT;
  readonly version: typeof WIRING_VERSION;
  readonly model: ModelSummary;
  readonly layout: { readonly nodes: number; readonly blocks: readonly BlockLayout[] };
  readonly snapshots: readonly WiringSnapshot[];
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

/** Four significant digits: enough to draw a weight, a third of the bytes of a full double. */
const round = (w: number): number => (w === 0 ? 0 : Number(w.toPrecision(4)));

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

/** The latest value at or before `step` of a series sorted by step, or undefined. */
const latestAt = (series: Series, step: number): number | undefined => {
  let found: number | undefined;
  for (let i = 0; i < series.step.length && series.step[i]! <= step; i++) found = series.value[i];
  return found;
};

/** The curves a history file samples at each snapshot: a subset of the pipeline's `Metrics`. */
export interface RunCurves {
  readonly trainLoss: Series;
  readonly validationAccuracy: Series;
  readonly testAccuracy: Series;
}

/**
 * The same curves, grown in place as events arrive: O(1) per event (the pipeline's `addEvent` copies
 * its series per event, which a run of many thousand steps should not pay).
 */
export const curveRecorder = (): { readonly curves: RunCurves; observe(e: TrainEvent): void } => {
  const trainLoss = { step: [] as number[], value: [] as number[] };
  const validationAccuracy = { step: [] as number[], value: [] as number[] };
  const testAccuracy = { step: [] as number[], value: [] as number[] };
  const push = (s: { step: number[]; value: number[] }, step: number, value: number): void => {
    s.step.push(step);
    s.value.push(value);
  };
  return {
    curves: { trainLoss, validationAccuracy, testAccuracy },
    observe(e) {
      if (e.type === 'step') push(trainLoss, e.step, e.loss);
      else if (e.type === 'eval') push(e.split === 'validation' ? validationAccuracy : testAccuracy, e.step, e.accuracy);
    },
  };
};

/** A snapshot before it is written: typed arrays from the pipeline or plain arrays from an older file. */
export interface SnapshotSource {
  readonly step: number;
  readonly from: ArrayLike<number>;
  readonly to: ArrayLike<number>;
  readonly weight: ArrayLike<number>;
  readonly liveNodes: number;
  readonly loss?: number;
  readonly accuracy?: number;
}

const list = (xs: ArrayLike<number>, f: (x: number) => number = (x) => x): string => {
  let out = '';
  for (let i = 0; i < xs.length; i++) out += i === 0 ? String(f(xs[i]!)) : `,${f(xs[i]!)}`;
  return out;
};

/** One snapshot as JSON text, written straight from its arrays (no intermediate objects). */
export const snapshotJson = (s: SnapshotSource): string => {
  const extra = `${s.loss !== undefined ? `,"loss":${s.loss}` : ''}${s.accuracy !== undefined ? `,"accuracy":${s.accuracy}` : ''}`;
  return `{"step":${s.step},"from":[${list(s.from)}],"to":[${list(s.to)}],"weight":[${list(s.weight, round)}],"liveNodes":${s.liveNodes}${extra}}`;
};

/**
 * The file form of the pipeline's in-memory history (`wiringHistory()` operator) as chunks of JSON
 * text, one per snapshot, so a history of tens of megabytes is never one string or one object tree.
 * Each snapshot carries the training loss and the accuracy (validation if the run has a validation
 * split, else test) known at its step. `previous` holds snapshots of an earlier part of a resumed
 * run; those at or after the first new snapshot's step are dropped.
 */
export function* wiringHistoryChunks(
  model: ModelSummary,
  history: PipelineWiringHistory | null,
  curves: RunCurves,
  maxSnapshots: number,
  previous: readonly SnapshotSource[] = [],
): Generator<string, void, undefined> {
  const accuracy = curves.validationAccuracy.step.length > 0 ? curves.validationAccuracy : curves.testAccuracy;
  const n = history?.length ?? 0;
  const firstFresh = n > 0 ? history!.stepAt(0) : Infinity;
  type Ref = { readonly old: SnapshotSource } | { readonly fresh: number };
  const refs: Ref[] = [...previous.filter((s) => s.step < firstFresh).map((old) => ({ old })), ...Array.from({ length: n }, (_, fresh) => ({ fresh }))];
  const layout = { nodes: model.nodes, blocks: blockLayout(model.blocks) };
  yield `{"format":"${WIRING_FORMAT}","version":${WIRING_VERSION},"model":${JSON.stringify(model)},"layout":${JSON.stringify(layout)},"snapshots":[`;
  let first = true;
  for (const ref of thinSnapshots(refs, maxSnapshots)) {
    let source: SnapshotSource;
    if ('old' in ref) source = ref.old;
    else {
      const s = history!.at(ref.fresh);
      const loss = latestAt(curves.trainLoss, s.step);
      const acc = latestAt(accuracy, s.step);
      source = { ...s, ...(loss !== undefined ? { loss } : {}), ...(acc !== undefined ? { accuracy: acc } : {}) };
    }
    yield `${first ? '' : ','}${snapshotJson(source)}`;
    first = false;
  }
  yield ']}\n';
}

// ---- decoding a file someone hands to `dnw export` or the web page ----

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);
const isCount = (u: unknown): u is number => typeof u === 'number' && Number.isInteger(u) && u >= 0;
const isNumberArray = (u: unknown, ok: (x: unknown) => boolean): u is number[] => Array.isArray(u) && u.every(ok);
const isFiniteNumber = (u: unknown): u is number => typeof u === 'number' && Number.isFinite(u);

/** Checks a parsed JSON value is a wiring history; the error names the first bad field. */
export const decodeWiringHistory = (u: unknown): Either<string, WiringHistory> => {
  if (!isRecord(u)) return left('expected a JSON object');
  if (u.format !== WIRING_FORMAT) return left(`format: expected "${WIRING_FORMAT}", got ${JSON.stringify(u.format) ?? 'nothing'}`);
  if (u.version !== WIRING_VERSION) return left(`version: expected ${WIRING_VERSION}, got ${JSON.stringify(u.version) ?? 'nothing'}`);
  const model = u.model;
  if (!isRecord(model)) return left('model: expected an object');
  if (!isCount(model.nodes)) return left('model.nodes: expected a non-negative integer');
  if (!isNumberArray(model.blocks, isCount)) return left('model.blocks: expected a list of non-negative integers');
  const nodes = model.nodes;
  if ((model.blocks as number[]).reduce((a, b) => a + b, 0) !== nodes) return left(`model.blocks: expected block sizes summing to model.nodes (${nodes})`);
  if (!Array.isArray(u.snapshots)) return left('snapshots: expected a list');
  const isNode = (x: unknown): boolean => isCount(x) && x < nodes;
  for (let i = 0; i < u.snapshots.length; i++) {
    const s: unknown = u.snapshots[i];
    const at = `snapshots[${i}]`;
    if (!isRecord(s)) return left(`${at}: expected an object`);
    if (!isCount(s.step)) return left(`${at}.step: expected a non-negative integer`);
    if (i > 0 && s.step < (u.snapshots[i - 1] as { step: number }).step) return left(`${at}.step: ${s.step} comes before the previous snapshot's; expected steps in order`);
    if (!isNumberArray(s.from, isNode)) return left(`${at}.from: expected node indices below ${nodes}`);
    if (!isNumberArray(s.to, isNode)) return left(`${at}.to: expected node indices below ${nodes}`);
    if (!isNumberArray(s.weight, isFiniteNumber)) return left(`${at}.weight: expected finite numbers`);
    if (s.to.length !== s.from.length || s.weight.length !== s.from.length) {
      return left(`${at}: from, to and weight differ in length (${s.from.length}, ${s.to.length}, ${s.weight.length})`);
    }
    if (!isCount(s.liveNodes)) return left(`${at}.liveNodes: expected a non-negative integer`);
    if (s.loss !== undefined && !isFiniteNumber(s.loss)) return left(`${at}.loss: expected a finite number`);
    if (s.accuracy !== undefined && !(isFiniteNumber(s.accuracy) && s.accuracy >= 0 && s.accuracy <= 1)) {
      return left(`${at}.accuracy: expected a number in [0, 1]`);
    }
  }
  // The layout is derived from the block sizes, so a hand-edited layout cannot disagree with them.
  const summary = model as unknown as ModelSummary;
  return right({
    format: WIRING_FORMAT,
    version: WIRING_VERSION,
    model: summary,
    layout: { nodes, blocks: blockLayout(summary.blocks) },
    snapshots: u.snapshots as WiringSnapshot[],
  });
};
