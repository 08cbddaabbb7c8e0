/**
 * A problem with input the data package reads: a file, a byte buffer, a saved batch position.
 * `file` names the input (a file's base name where there is one) so a user knows what to fix.
 */
export interface DataError {
  readonly _tag: 'DataError';
  readonly file: string;
  readonly reason: string;
  /** `${file}: ${reason}`, ready to print. */
  readonly message: string;
}

export const dataError = (file: string, reason: string): DataError => ({
  _tag: 'DataError',
  file,
  reason,
  message: `${file}: ${reason}`,
});
