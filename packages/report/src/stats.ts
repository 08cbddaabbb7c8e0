/** Mean, spread and range of one measured quantity over seeds. */
export interface Stats {
  readonly mean: number;
  /** Sample standard deviation (n - 1 in the denominator); 0 for a single run. */
  readonly std: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

export const stats = (xs: readonly number[]): Stats => {
  const n = xs.length;
  if (n === 0) throw new RangeError('stats: no values');
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const x of xs) {
    sum += x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const mean = sum / n;
  let ss = 0;
  for (const x of xs) ss += (x - mean) * (x - mean);
  return { mean, std: n > 1 ? Math.sqrt(ss / (n - 1)) : 0, min, max, n };
};
