/**
 * The sparse figure's summary from a sweep's records. Browser-safe (no Node imports): the web page
 * builds the summary of a user's records file with this same function.
 */
import { select, sparseSummary, type RunRecord, type SparseSummary } from '@dnw/report';
import { DENSE_VARIANT, MODE_SETTINGS, SPARSE_LINES, type Mode } from './sweeps.js';

export type { Mode };

export const summaryDescription = (mode: Mode): string => `LeNet-300-100 on MNIST, ${MODE_SETTINGS[mode].sparseEpochs} epochs per run`;

/** The sparse figure's summary from one mode's records (the unit test rebuilds it the same way). */
export const buildSparseSummary = (records: readonly RunRecord[], mode: Mode): SparseSummary =>
  sparseSummary(select(records, 'sparse', mode), { description: summaryDescription(mode), mode, lines: SPARSE_LINES, denseVariant: DENSE_VARIANT });

/**
 * The y range of the zoomed sparse figure: 5 points below the best mean to 1 above it (at most 100).
 * A random mask collapses at 98% removed; the zoom shows the differences among the rest. Undefined
 * for a summary without points.
 */
export const sparseZoomDomain = (summary: SparseSummary): readonly [number, number] | undefined => {
  const best = Math.max(...summary.variants.flatMap((v) => v.points.map((p) => p.mean)));
  return Number.isFinite(best) ? [Math.floor(best) - 5, Math.min(100, Math.ceil(best) + 1)] : undefined;
};
