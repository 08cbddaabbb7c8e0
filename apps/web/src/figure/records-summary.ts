/**
 * A user's records file (the NDJSON `npm run experiments` writes) to the sparse figure's summary, with
 * the sweep's own function, so the page shows what the sweep would have written to
 * docs/results/sparse-summary.json.
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { parseRecords, reportError, type ReportError, type SparseSummary } from '@dnw/report';
// The figure's recipe (lines, labels, dense variant) is the one the sweep writes the committed summary with.
import { buildSparseSummary, type SweepMode as Mode } from '@dnw/report';
// The docs' zoomed figure's y range, re-exported so the page zooms the way docs/results does.
export { sparseZoomDomain } from '@dnw/report';

export interface RecordsSummary {
  readonly summary: SparseSummary;
  /** Records of the sparse sweep in the chosen mode (the summary's inputs). */
  readonly used: number;
  /** Records of the file that are not in the figure (other groups or the other mode). */
  readonly ignored: number;
}

/**
 * The sweep writes one summary per mode; a file holding both modes' sparse runs shows `full`'s (the
 * report's mode), and the caller says how many records were left out.
 */
export const summaryFromRecords = (ndjson: string): Either<ReportError, RecordsSummary> => {
  const parsed = parseRecords(ndjson);
  if (parsed._tag === 'Left') return parsed;
  const records = parsed.right;
  const sparse = records.filter((r) => r.group === 'sparse');
  if (sparse.length === 0) {
    const what = records.length === 0 ? 'the file has no records' : `its ${records.length} records are all of other groups (${[...new Set(records.map((r) => r.group))].join(', ')})`;
    return left(reportError(0, 'group', `no records of the sparse sweep (group "sparse"): ${what}`));
  }
  const modes = new Set(sparse.map((r) => r.mode));
  const mode: Mode | null = modes.has('full') ? 'full' : modes.has('quick') ? 'quick' : null;
  if (mode === null) return left(reportError(0, 'mode', `expected "quick" or "full" in the sparse records, got ${[...modes].map((m) => `"${m}"`).join(', ')}`));
  const used = sparse.filter((r) => r.mode === mode).length;
  return right({ summary: buildSparseSummary(records, mode), used, ignored: records.length - used });
};
