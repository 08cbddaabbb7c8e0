import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { firstProblem } from './describe-errors.js';
import { reportError, type ReportError } from './errors.js';
import { RunRecordCodec, type RunRecord } from './record.js';

/** One record, validated; `line` only labels the error. */
export const parseRecord = (u: unknown, line: number): Either<ReportError, RunRecord> => {
  const r = RunRecordCodec.decode(u);
  if (r._tag === 'Right') return right(r.right);
  const { field, reason } = firstProblem(r.left, 'record');
  return left(reportError(line, field, reason));
};

/**
 * Reads an NDJSON records file. Blank lines are skipped (a file that ends in a newline, or was cut
 * between two runs); anything else must be a valid record. Ids must be unique: two records of one run
 * would count one seed twice in a mean.
 */
export const parseRecords = (ndjson: string): Either<ReportError, RunRecord[]> => {
  const out: RunRecord[] = [];
  const seen = new Map<string, number>();
  const lines = ndjson.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (raw === '') continue;
    let u: unknown;
    try {
      u = JSON.parse(raw);
    } catch (e) {
      return left(reportError(i + 1, 'record', `not JSON (${e instanceof Error ? e.message : String(e)})`));
    }
    const r = parseRecord(u, i + 1);
    if (r._tag === 'Left') return r;
    const before = seen.get(r.right.id);
    if (before !== undefined) return left(reportError(i + 1, 'id', `"${r.right.id}" already on line ${before}`));
    seen.set(r.right.id, i + 1);
    out.push(r.right);
  }
  return right(out);
};

/** One line of a records file (no trailing newline). */
export const formatRecord = (r: RunRecord): string => JSON.stringify(r);
