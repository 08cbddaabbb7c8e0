// The plain-TS twins of assembly/norm_rows.ts: contiguous rows, no strides to compute per entry.
import { ShapeError } from '../errors.js';

export function checkNormRows(op: string, rows: number, cols: number, full: readonly Float32Array[], perRow: readonly Float32Array[]): void {
  for (const a of full) if (a.length !== rows * cols) throw new ShapeError(op, `a buffer has ${a.length} entries for [${rows},${cols}]`, [[rows, cols]]);
  for (const a of perRow) if (a.length !== rows) throw new ShapeError(op, `a per-row buffer has ${a.length} entries for ${rows} rows`, [[rows, cols], [a.length]]);
}

export function normRows(
  x: Float32Array, out: Float32Array, rows: number, cols: number, eps: number,
  mean: Float32Array, variance: Float32Array, invstd: Float32Array, given: boolean,
): void {
  checkNormRows('normRows', rows, cols, [x, out], [mean, variance, invstd]);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    let mu: number;
    let v: number;
    if (given) {
      mu = mean[r];
      v = variance[r];
    } else {
      let s = 0;
      for (let j = 0; j < cols; j++) s += x[base + j];
      mu = s / cols;
      let q = 0;
      for (let j = 0; j < cols; j++) {
        const d = x[base + j] - mu;
        q += d * d;
      }
      v = q / cols;
      mean[r] = mu;
      variance[r] = v;
    }
    const is = 1 / Math.sqrt(v + eps);
    invstd[r] = is;
    for (let j = 0; j < cols; j++) out[base + j] = (x[base + j] - mu) * is;
  }
}

export function normRowsGrad(
  g: Float32Array, xhat: Float32Array, invstd: Float32Array, dx: Float32Array, rows: number, cols: number, fixed: boolean,
): void {
  checkNormRows('normRowsGrad', rows, cols, [g, xhat, dx], [invstd]);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    const is = invstd[r];
    if (fixed) {
      for (let j = 0; j < cols; j++) dx[base + j] = g[base + j] * is;
      continue;
    }
    let s1 = 0;
    let s2 = 0;
    for (let j = 0; j < cols; j++) {
      s1 += g[base + j];
      s2 += g[base + j] * xhat[base + j];
    }
    const k = is / cols;
    for (let j = 0; j < cols; j++) dx[base + j] = k * (cols * g[base + j] - s1 - xhat[base + j] * s2);
  }
}
