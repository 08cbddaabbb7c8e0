// The plain-TS twin of assembly/weight_grad.ts: the same decomposition X = (X - c) + c, so both
// backends skip the same entries and agree up to summation order.
import { checkMatmul } from './checks.js';

let cols = new Int32Array(0);
let vals = new Float32Array(0);
let base = new Float32Array(0);

/**
 * The value most of a layer's inputs share, if any: their minimum (0 for ReLU outputs and
 * unit-scaled pixels, the background of normalised pixels), or 0 when zeros outnumber it.
 */
function background(x: Float32Array): number {
  let c = Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v !== v) return 0;
    if (v < c) c = v;
  }
  if (!Number.isFinite(c) || c === 0) return 0;
  let atMin = 0;
  let atZero = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] === c) atMin++;
    else if (x[i] === 0) atZero++;
  }
  return atZero > atMin ? 0 : c;
}

/** out (m x n) = g (m x k) @ x^T for x stored n x k, summing only over the entries of x that differ from its background. */
export function weightGrad(g: Float32Array, x: Float32Array, out: Float32Array, m: number, k: number, n: number): void {
  checkMatmul(g, x, out, m, k, n, false, true);
  if (m === 0 || n === 0) return;
  const c = Math.fround(background(x));
  if (cols.length < k) {
    cols = new Int32Array(k);
    vals = new Float32Array(k);
  }
  if (base.length < m) base = new Float32Array(m);
  for (let o = 0; o < m; o++) {
    let s = 0;
    for (let b = 0; b < k; b++) s += g[o * k + b];
    base[o] = c * s;
  }
  for (let i = 0; i < n; i++) {
    let nz = 0;
    const row = i * k;
    for (let b = 0; b < k; b++) {
      const v = x[row + b];
      if (v !== c) {
        cols[nz] = b;
        vals[nz++] = v - c;
      }
    }
    for (let o = 0; o < m; o++) {
      const go = o * k;
      let s = base[o];
      for (let t = 0; t < nz; t++) s += g[go + cols[t]] * vals[t];
      out[o * n + i] = s;
    }
  }
}
