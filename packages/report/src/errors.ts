/** Why a report input could not be read. `line` is 1-based (0 when the error is not about a line). */
export interface ReportError {
  readonly _tag: 'ReportError';
  readonly line: number;
  /** Dotted path of the offending field, e.g. `churn[3].added`; `record` for the whole line. */
  readonly field: string;
  readonly message: string;
}

export const reportError = (line: number, field: string, reason: string): ReportError => ({
  _tag: 'ReportError',
  line,
  field,
  message: line > 0 ? `line ${line}: ${field}: ${reason}` : `${field}: ${reason}`,
});
