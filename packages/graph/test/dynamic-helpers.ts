import { rng, tensor, type Tensor } from '@dnw/tensor';

/**
 * Central differences of a scalar function of one parameter tensor, at chosen entries. The loss
 * is evaluated by the caller in float64 from float32 outputs; each difference divides by the step
 * that float32 rounding actually took.
 */
export function numericGrad(loss: () => number, param: Tensor, entries: readonly number[], eps = 1e-2): Float64Array {
  const x = param.data;
  const out = new Float64Array(entries.length);
  entries.forEach((i, e) => {
    const orig = x[i];
    x[i] = orig + eps;
    const up = x[i] - orig;
    const lp = loss();
    x[i] = orig - eps;
    const down = orig - x[i];
    const lm = loss();
    x[i] = orig;
    out[e] = (lp - lm) / (up + down);
  });
  return out;
}

/** max |a - n| / max |n| over the entries, and max |n| (a check means little when it is ~0). */
export function relError(analytic: Float32Array, entries: readonly number[], numeric: Float64Array): { rel: number; scale: number } {
  let worst = 0;
  let scale = 0;
  entries.forEach((i, e) => {
    worst = Math.max(worst, Math.abs(analytic[i] - numeric[e]));
    scale = Math.max(scale, Math.abs(numeric[e]));
  });
  return { rel: worst / Math.max(scale, 1e-12), scale };
}

/** <r, y> in float64 for a fixed random r (a projection that makes any output a scalar loss). */
export function projector(shape: readonly number[], seed: number): { r: Tensor; project: (y: Tensor) => number } {
  const size = shape.reduce((a, b) => a * b, 1);
  const r64 = new Float64Array(size);
  rng(seed).fillUniform(r64, -1, 1);
  const r = tensor(Float32Array.from(r64), shape);
  return {
    r,
    project: (y) => {
      let s = 0;
      for (let i = 0; i < size; i++) s += r64[i] * y.data[i];
      return s;
    },
  };
}

export function randn(shape: number[], seed: number, std = 1): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(rng(seed).fillNormal(new Float32Array(n), 0, std) as Float32Array, shape);
}

/** exp(A) for a small square matrix [n, n] by scaling and squaring of its Taylor series, in float64. */
export function expm(a: Float64Array, n: number): Float64Array {
  let norm = 0;
  for (let i = 0; i < n; i++) {
    let row = 0;
    for (let j = 0; j < n; j++) row += Math.abs(a[i * n + j]);
    norm = Math.max(norm, row);
  }
  const squarings = Math.max(0, Math.ceil(Math.log2(norm / 0.25)));
  const s = 1 / 2 ** squarings;
  const mm = (x: Float64Array, y: Float64Array) => {
    const o = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) o[i * n + j] += x[i * n + k] * y[k * n + j];
    return o;
  };
  const scaled = a.map((v) => v * s);
  let result = new Float64Array(n * n);
  let term = new Float64Array(n * n);
  for (let i = 0; i < n; i++) result[i * n + i] = term[i * n + i] = 1;
  for (let k = 1; k <= 20; k++) {
    term = mm(term, scaled).map((v) => v / k);
    result = result.map((v, i) => v + term[i]);
  }
  for (let q = 0; q < squarings; q++) result = mm(result, result);
  return result;
}

/** y = A x for A [n, n] (float64) and x [n, batch] (a tensor), as float64 [n, batch]. */
export function apply(a: Float64Array, x: Tensor): Float64Array {
  const [n, b] = x.shape;
  const y = new Float64Array(n * b);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) for (let j = 0; j < b; j++) y[i * b + j] += a[i * n + k] * x.data[k * b + j];
  return y;
}
