import type { RunRecord } from './record.js';
import { stats, type Stats } from './stats.js';

/** A variant's runs at one x value (seeds pooled), with the stats of every column a table shows. */
export interface VariantSummary {
  readonly variant: string;
  readonly kind: RunRecord['kind'];
  readonly strategy: string;
  readonly keep: number;
  readonly seeds: readonly number[];
  readonly accuracy: Stats;
  readonly loss: Stats;
  readonly edges: Stats;
  readonly liveNodes: Stats;
  readonly flops: Stats;
  readonly seconds: Stats;
  readonly epochs: number;
}

/**
 * Pools runs by (variant, keep) in first-seen order. Accuracy stays a fraction here; presentation
 * (percent, digits) is the table's or the figure's business.
 */
export const summarise = (records: readonly RunRecord[]): VariantSummary[] => {
  const groups = new Map<string, RunRecord[]>();
  for (const r of records) {
    const key = `${r.variant}\u0000${r.keep}`;
    const g = groups.get(key);
    if (g === undefined) groups.set(key, [r]);
    else g.push(r);
  }
  return [...groups.values()].map((rs) => {
    const first = rs[0];
    const col = (f: (r: RunRecord) => number): Stats => stats(rs.map(f));
    return {
      variant: first.variant,
      kind: first.kind,
      strategy: first.strategy,
      keep: first.keep,
      seeds: rs.map((r) => r.seed).sort((a, b) => a - b),
      accuracy: col((r) => r.testAccuracy),
      loss: col((r) => r.testLoss),
      edges: col((r) => r.edges),
      liveNodes: col((r) => r.liveNodes),
      flops: col((r) => r.flops),
      seconds: col((r) => r.seconds),
      epochs: Math.max(...rs.map((r) => r.epochs)),
    };
  });
};

/** Records of one sweep group and mode. */
export const select = (records: readonly RunRecord[], group: string, mode: string): RunRecord[] =>
  records.filter((r) => r.group === group && r.mode === mode);
