/**
 * The report's figures as FigureInputs, built from records or the sparse summary. The web page calls
 * `sparseFigure` on the same summary file to draw the same lines.
 */
import type { FigureInput, SeriesInput } from './layout.js';
import type { RunRecord } from './record.js';
import type { SparseSummary } from './sparse-summary.js';
import { stats } from './stats.js';

const fixed = (v: number, d = 2): string => v.toFixed(d);

/**
 * Accuracy against percent of weights removed; bands span min to max over seeds. A `yDomain` zooms in:
 * lines are clipped at the plot's edge and the read-out still reports points outside it.
 */
export const sparseFigure = (summary: SparseSummary, view: Pick<FigureInput, 'width' | 'height' | 'yDomain'> = {}): FigureInput => {
  const removed = new Set<number>();
  for (const v of summary.variants) for (const p of v.points) removed.add(p.removed);
  const maxN = Math.max(0, ...summary.variants.flatMap((v) => v.points.map((p) => p.n)));
  return {
    title: 'Sparse networks: test accuracy vs weights removed',
    xLabel: 'weights removed (%)',
    yLabel: 'test accuracy (%)',
    xUnit: '%',
    xTicks: [...removed].sort((a, b) => a - b),
    series: summary.variants.map(
      (v): SeriesInput => ({
        id: v.id,
        label: v.label,
        points: v.points.map((p) => ({
          x: p.removed,
          y: p.mean,
          lo: p.min,
          hi: p.max,
          note: p.n > 1 ? `${fixed(p.mean)} ± ${fixed(p.std)} (n = ${p.n}, ${fixed(p.min)} to ${fixed(p.max)})` : `${fixed(p.mean)} (n = 1)`,
        })),
      }),
    ),
    caption: `${summary.description}; ${summary.mode} mode; line: mean, band: min to max over ${maxN > 1 ? `up to ${maxN} seeds` : '1 seed'}`,
    ...view,
  };
};

/**
 * Accuracy against edges (log x), one series per `seriesOf(record)` (a strategy), one point per
 * variant and keep, mean over seeds.
 */
export const edgesFigure = (records: readonly RunRecord[], seriesOf: (r: RunRecord) => string, title: string, caption: string): FigureInput => {
  const byStrategy = new Map<string, Map<string, RunRecord[]>>();
  for (const r of records) {
    const name = seriesOf(r);
    const inner = byStrategy.get(name) ?? new Map<string, RunRecord[]>();
    byStrategy.set(name, inner);
    const key = `${r.variant}\u0000${r.keep}`;
    inner.set(key, [...(inner.get(key) ?? []), r]);
  }
  const series = [...byStrategy.entries()].map(
    ([strategy, groups]): SeriesInput => ({
      id: strategy,
      label: strategy,
      points: [...groups.values()].map((rs) => {
        const acc = stats(rs.map((r) => 100 * r.testAccuracy));
        return { x: stats(rs.map((r) => r.edges)).mean, y: acc.mean, note: `${rs[0].variant}: ${fixed(acc.mean)}%` };
      }),
    }),
  );
  return { title, xLabel: 'edges in the network (log scale)', yLabel: 'test accuracy (%)', xScale: 'log', series, caption };
};

/** Edges added per rewire interval over training, one line per run. */
export const churnFigure = (records: readonly RunRecord[], labelOf: (r: RunRecord) => string, title: string, caption: string): FigureInput => ({
  title,
  xLabel: 'training step',
  yLabel: 'edges swapped in since the last sample',
  series: records.map(
    (r): SeriesInput => ({
      id: r.id,
      label: labelOf(r),
      // The first sample lists the whole initial wiring as added: not churn.
      points: r.churn.slice(1).map((c) => ({ x: c.step, y: c.added, note: `${c.added} in, ${c.removed} out of ${c.edges}` })),
    }),
  ),
  caption,
});
