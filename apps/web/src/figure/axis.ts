/**
 * The sparse figure with either x axis. "% removed" is @dnw/report's `sparseFigure` as is (the SVG in
 * docs/results); "% kept" is the same figure with x = 100 - removed, so notes, bands and caption stay
 * the report's.
 */
import { sparseFigure, type FigureInput, type SparseSummary } from '@dnw/report';

export type XAxis = 'removed' | 'kept';

/** 100 - x, rounded like the report's `removedPercent` so 100 - 95 reads 5 and flips back to 95. */
export const flipPercent = (x: number): number => Math.round((100 - x) * 1e4) / 1e4;

export const figureInput = (summary: SparseSummary, axis: XAxis, view: Pick<FigureInput, 'width' | 'height' | 'yDomain'>): FigureInput => {
  const fig = sparseFigure(summary, view);
  if (axis === 'removed') return fig;
  return {
    ...fig,
    title: 'Sparse networks: test accuracy vs weights kept',
    xLabel: 'weights kept (%)',
    xTicks: (fig.xTicks ?? []).map(flipPercent).sort((a, b) => a - b),
    series: fig.series.map((s) => ({ ...s, points: s.points.map((p) => ({ ...p, x: flipPercent(p.x) })) })),
  };
};

/** The x values where some line has a point, ascending: the stops of the keyboard read-out. */
export const measuredXs = (fig: FigureInput): number[] => [...new Set(fig.series.flatMap((s) => s.points.map((p) => p.x)))].sort((a, b) => a - b);
