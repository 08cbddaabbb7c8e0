/**
 * The sparse-network figure's recipe: which sweep variants are its lines, which is the dense start,
 * and how a sweep's records become its summary. The sweep (apps/experiments) writes the committed
 * summary with it and the web page rebuilds a user's records file with it, so both draw the same.
 */
import type { RunRecord } from './record.js';
import { select } from './aggregate.js';
import { sparseSummary, type SparseLine, type SparseSummary } from './sparse-summary.js';

export type SweepMode = 'quick' | 'full';

/** Epochs of every LeNet-300-100 run of the sparse sweep, per mode. */
export const SPARSE_EPOCHS: Readonly<Record<SweepMode, number>> = { quick: 3, full: 10 };

/** The sparse-figure lines: record variant and the label the figure shows. */
export const SPARSE_LINES: readonly SparseLine[] = [
  { id: 'dnw-all', label: 'DNW, all layers sparse', variant: 'mlp/dnw-all' },
  { id: 'dnw-dense-output', label: 'DNW, output layer dense', variant: 'mlp/dnw-dense-output' },
  { id: 'random', label: 'random fixed mask', variant: 'mlp/random' },
  { id: 'magnitude', label: 'magnitude pruning + fine-tune', variant: 'mlp/magnitude' },
];
export const DENSE_VARIANT = 'mlp/dense';

export const summaryDescription = (mode: SweepMode): string => `LeNet-300-100 on MNIST, ${SPARSE_EPOCHS[mode]} epochs per run`;

/** The sparse figure's summary from one mode's records. */
export const buildSparseSummary = (records: readonly RunRecord[], mode: SweepMode): SparseSummary =>
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
