/**
 * The sparse-network figure's data: test accuracy against the share of weights removed, one line per
 * way of choosing the sparse network, mean and spread over seeds. A small versioned JSON file that the
 * web page ships and docs/results.md's SVG is drawn from, so both show the same numbers.
 */
import * as t from 'io-ts';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { firstProblem } from './describe-errors.js';
import { reportError, type ReportError } from './errors.js';
import type { RunRecord } from './record.js';
import { stats } from './stats.js';

export const SPARSE_SUMMARY_FORMAT = 'dnw-sparse-summary' as const;
export const SPARSE_SUMMARY_VERSION = 1 as const;

export interface SparsePoint {
  /** Percent of weights removed (0 = dense). */
  readonly removed: number;
  /** Fraction of weights kept, 1 - removed / 100. */
  readonly kept: number;
  /** Test accuracy in percent over the seeds run. */
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

export interface SparseVariant {
  readonly id: string;
  readonly label: string;
  readonly points: readonly SparsePoint[];
}

export interface SparseSummary {
  readonly format: typeof SPARSE_SUMMARY_FORMAT;
  readonly version: typeof SPARSE_SUMMARY_VERSION;
  /** What was trained and how long, in words (e.g. "LeNet-300-100 on MNIST, 3 epochs"). */
  readonly description: string;
  /** Sweep mode the records came from ('quick' or 'full'). */
  readonly mode: string;
  readonly variants: readonly SparseVariant[];
}

const num = (name: string, ok: (x: number) => boolean) =>
  new t.Type<number, number, unknown>(
    name,
    (u): u is number => typeof u === 'number' && ok(u),
    (u, c) => (typeof u === 'number' && Number.isFinite(u) && ok(u) ? t.success(u) : t.failure(u, c)),
    t.identity,
  );
const percent = num('a number in [0, 100]', (x) => x >= 0 && x <= 100);
const nonNegative = num('a non-negative number', (x) => x >= 0);
const count = num('a positive integer', (x) => Number.isInteger(x) && x > 0);
const kept = num('a number in [0, 1]', (x) => x >= 0 && x <= 1);

const PointCodec = t.type({ removed: percent, kept, mean: percent, std: nonNegative, min: percent, max: percent, n: count });
const VariantCodec = t.type({ id: t.string, label: t.string, points: t.array(PointCodec) });
const SummaryCodec = t.type({
  format: t.literal(SPARSE_SUMMARY_FORMAT),
  version: t.literal(SPARSE_SUMMARY_VERSION),
  description: t.string,
  mode: t.string,
  variants: t.array(VariantCodec),
});

/** Rules between fields, once every field has its type. */
const crossCheck = (s: SparseSummary): ReportError | null => {
  const ids = new Set<string>();
  for (let v = 0; v < s.variants.length; v++) {
    const variant = s.variants[v];
    if (ids.has(variant.id)) return reportError(0, `variants[${v}].id`, `"${variant.id}" appears twice`);
    ids.add(variant.id);
    for (let i = 0; i < variant.points.length; i++) {
      const p = variant.points[i];
      const at = `variants[${v}].points[${i}]`;
      if (i > 0 && p.removed <= variant.points[i - 1].removed) return reportError(0, `${at}.removed`, `expected more than the previous point's ${variant.points[i - 1].removed}, got ${p.removed}`);
      if (Math.abs(p.kept - (1 - p.removed / 100)) > 1e-9) return reportError(0, `${at}.kept`, `expected 1 - removed / 100 = ${1 - p.removed / 100}, got ${p.kept}`);
      if (!(p.min <= p.mean && p.mean <= p.max)) return reportError(0, `${at}.mean`, `expected min <= mean <= max, got ${p.min} / ${p.mean} / ${p.max}`);
    }
  }
  return null;
};

/** Checks a parsed JSON value (the file the web page fetches or imports). */
export const decodeSparseSummary = (u: unknown): Either<ReportError, SparseSummary> => {
  const r = SummaryCodec.decode(u);
  if (r._tag === 'Left') {
    const { field, reason } = firstProblem(r.left, 'summary');
    return left(reportError(0, field, reason));
  }
  const problem = crossCheck(r.right);
  return problem === null ? right(r.right) : left(problem);
};

/** How a figure line is drawn from records: `variant` names the records' variant field. */
export interface SparseLine {
  readonly id: string;
  readonly label: string;
  readonly variant: string;
}

export interface SparseSummaryInput {
  readonly description: string;
  readonly mode: string;
  readonly lines: readonly SparseLine[];
  /** Records of the dense model: every line starts from them at 0% removed. Null: no dense point. */
  readonly denseVariant: string | null;
}

/** Percent removed for a kept fraction, rounded so 1 - 0.9 reads 10, not 9.999999999999998. */
export const removedPercent = (keep: number): number => Math.round((1 - keep) * 1e6) / 1e4;

const point = (removed: number, rs: readonly RunRecord[]): SparsePoint => {
  const s = stats(rs.map((r) => 100 * r.testAccuracy));
  return { removed, kept: Math.round((100 - removed) * 1e4) / 1e6, mean: s.mean, std: s.std, min: s.min, max: s.max, n: s.n };
};

/** The figure's data from the sweep's records (one mode's records; other groups are ignored). */
export const sparseSummary = (records: readonly RunRecord[], input: SparseSummaryInput): SparseSummary => {
  const dense = input.denseVariant === null ? [] : records.filter((r) => r.variant === input.denseVariant);
  const variants = input.lines.map((line): SparseVariant => {
    const byRemoved = new Map<number, RunRecord[]>();
    for (const r of records) {
      if (r.variant !== line.variant) continue;
      const removed = removedPercent(r.keep);
      const g = byRemoved.get(removed);
      if (g === undefined) byRemoved.set(removed, [r]);
      else g.push(r);
    }
    if (dense.length > 0 && !byRemoved.has(0)) byRemoved.set(0, dense);
    const points = [...byRemoved.entries()].sort((a, b) => a[0] - b[0]).map(([removed, rs]) => point(removed, rs));
    return { id: line.id, label: line.label, points };
  });
  return { format: SPARSE_SUMMARY_FORMAT, version: SPARSE_SUMMARY_VERSION, description: input.description, mode: input.mode, variants };
};
