/**
 * One training run of an experiment sweep, as one NDJSON line. Everything a table or a figure needs is
 * here, so a report is a pure function of the records file (no training to redraw anything).
 */
import * as t from 'io-ts';

export const RECORD_VERSION = 1 as const;

const finite = new t.Type<number, number, unknown>(
  'a finite number',
  (u): u is number => typeof u === 'number' && Number.isFinite(u),
  (u, c) => (typeof u === 'number' && Number.isFinite(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
);
const nonNegative = new t.Type<number, number, unknown>(
  'a non-negative number',
  (u): u is number => typeof u === 'number' && Number.isFinite(u) && u >= 0,
  (u, c) => (typeof u === 'number' && Number.isFinite(u) && u >= 0 ? t.success(u) : t.failure(u, c)),
  t.identity,
);
const fraction = new t.Type<number, number, unknown>(
  'a number in [0, 1]',
  (u): u is number => typeof u === 'number' && u >= 0 && u <= 1,
  (u, c) => (typeof u === 'number' && u >= 0 && u <= 1 ? t.success(u) : t.failure(u, c)),
  t.identity,
);
const text = new t.Type<string, string, unknown>(
  'a non-empty string',
  (u): u is string => typeof u === 'string' && u.length > 0,
  (u, c) => (typeof u === 'string' && u.length > 0 ? t.success(u) : t.failure(u, c)),
  t.identity,
);

/** Edges that entered and left the wiring between two `rewire` samples ending at `step`. */
export const ChurnPointCodec = t.type({ step: nonNegative, added: nonNegative, removed: nonNegative, edges: nonNegative });
export type ChurnPoint = t.TypeOf<typeof ChurnPointCodec>;

export const EvalPointCodec = t.type({ step: nonNegative, accuracy: fraction });
export type EvalPoint = t.TypeOf<typeof EvalPointCodec>;

export const RunRecordCodec = t.type({
  v: t.literal(RECORD_VERSION),
  /** Unique in a records file; the sweep skips a run whose id is already there. */
  id: text,
  /** The sweep the run belongs to, e.g. `graphs` or `sparse`. */
  group: text,
  /** 'quick' or 'full': a report aggregates one mode only. */
  mode: text,
  /** What a table row or a figure line aggregates over seeds, e.g. `static/dnw` or `mlp/dnw-all`. */
  variant: text,
  kind: t.keyof({ static: null, mlp: null, discrete: null, continuous: null }),
  strategy: text,
  /** Fraction of weights kept per layer (mlp) or of allowed edges (graphs); 1 for a dense model. */
  keep: fraction,
  /** The edge budget k the model was built with (sum over layers for an mlp). */
  budget: nonNegative,
  seed: nonNegative,
  epochs: nonNegative,
  steps: nonNegative,
  testAccuracy: fraction,
  testLoss: finite,
  /** Edges chosen at the end, live nodes (on an input-to-output path) and FLOPs per example. */
  edges: nonNegative,
  liveNodes: nonNegative,
  flops: nonNegative,
  /** Wall time of training and evaluation, all stages of the run together (e.g. dense then fine-tune). */
  seconds: nonNegative,
  churn: t.array(ChurnPointCodec),
  evals: t.array(EvalPointCodec),
});

export type RunRecord = t.TypeOf<typeof RunRecordCodec>;
