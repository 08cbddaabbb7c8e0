import { beforeAll, describe, expect, it } from 'vitest';
import { jsKernels, type Kernels } from '../src/kernels/index.js';
import { noise, place, wasmKernelsOrThrow } from './kernels.reference.js';

let wasm: Kernels;
beforeAll(async () => {
  wasm = await wasmKernelsOrThrow();
});

/** Row-wise batch norm and its gradient in float64, straight from the definitions. */
function reference(x: Float32Array, g: Float32Array, rows: number, cols: number, eps: number) {
  const out = new Float64Array(x.length);
  const dx = new Float64Array(x.length);
  const mean = new Float64Array(rows);
  const variance = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const row = Array.from(x.subarray(r * cols, (r + 1) * cols));
    const mu = row.reduce((s, v) => s + v, 0) / cols;
    const v = row.reduce((s, y) => s + (y - mu) ** 2, 0) / cols;
    mean[r] = mu;
    variance[r] = v;
    const is = 1 / Math.sqrt(v + eps);
    const xh = row.map((y) => (y - mu) * is);
    const gr = Array.from(g.subarray(r * cols, (r + 1) * cols));
    const s1 = gr.reduce((s, y) => s + y, 0);
    const s2 = gr.reduce((s, y, j) => s + y * xh[j], 0);
    for (let j = 0; j < cols; j++) {
      out[r * cols + j] = xh[j];
      dx[r * cols + j] = (is / cols) * (cols * gr[j] - s1 - xh[j] * s2);
    }
  }
  return { out, dx, mean, variance };
}

describe('normRows / normRowsGrad', () => {
  it('normalise each row over its entries and give the batch-norm gradient, on both backends', () => {
    for (const [rows, cols] of [[1, 2], [3, 5], [300, 128], [7, 33]] as const) {
      const x = noise(rows * cols, rows * 31 + cols).map((v, i) => 3 * v + (i % 7));
      const g = noise(rows * cols, cols);
      const want = reference(x, g, rows, cols, 1e-5);
      for (const k of [jsKernels, wasm]) {
        for (const resident of [false, true]) {
          const out = place(k, new Float32Array(rows * cols), resident);
          const mean = place(k, new Float32Array(rows), resident);
          const variance = place(k, new Float32Array(rows), resident);
          const invstd = place(k, new Float32Array(rows), resident);
          k.normRows!(place(k, x, resident), out, rows, cols, 1e-5, mean, variance, invstd, false);
          const dx = place(k, new Float32Array(rows * cols), resident);
          k.normRowsGrad!(place(k, g, resident), out, invstd, dx, rows, cols, false);
          for (let i = 0; i < rows * cols; i++) {
            expect(Math.abs(out[i] - want.out[i]), `${k.name} out[${i}]`).toBeLessThan(1e-5);
            expect(Math.abs(dx[i] - want.dx[i]), `${k.name} dx[${i}]`).toBeLessThan(1e-4);
          }
          for (let r = 0; r < rows; r++) {
            expect(mean[r]).toBeCloseTo(want.mean[r], 5);
            expect(variance[r]).toBeCloseTo(want.variance[r], 4);
          }
          // Given statistics: an affine map of x, whose gradient is g * invstd.
          const fixed = place(k, new Float32Array(rows * cols), resident);
          k.normRows!(x, fixed, rows, cols, 1e-5, mean, variance, invstd, true);
          const dfixed = new Float32Array(rows * cols);
          k.normRowsGrad!(g, fixed, invstd, dfixed, rows, cols, true);
          for (let i = 0; i < rows * cols; i++) {
            expect(Math.abs(fixed[i] - out[i])).toBeLessThan(1e-5);
            expect(dfixed[i]).toBeCloseTo(g[i] * invstd[Math.floor(i / cols)], 5);
          }
        }
      }
    }
  });

  it('rejects mismatched lengths', () => {
    for (const k of [jsKernels, wasm]) {
      const f = (n: number) => new Float32Array(n);
      expect(() => k.normRows!(f(6), f(6), 2, 3, 1e-5, f(2), f(1), f(2), false)).toThrow(/normRows/);
      expect(() => k.normRowsGrad!(f(6), f(5), f(2), f(6), 2, 3, false)).toThrow(/normRowsGrad/);
    }
  });
});
