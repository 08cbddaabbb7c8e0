import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsKernels, type Kernels } from '../src/kernels/index.js';
import { floats, mismatch, noise, place, refMatmul, wasmKernelsOrThrow } from './kernels.reference.js';

let wasm: Kernels;
beforeAll(async () => {
  wasm = await wasmKernelsOrThrow();
});

/** x (n x k) where a `share` of entries is the background value `c`, the rest noise. */
function withBackground(n: number, k: number, share: number, c: number, seed: number): Float32Array {
  const u = noise(n * k, seed);
  const v = noise(n * k, seed + 7);
  return u.map((x, i) => ((v[i] + 1) / 2 < share ? c : c + 2 * x));
}

/** g x^T in float64 and an error scale that also covers the background's rank-one term. */
function reference(g: Float32Array, x: Float32Array, m: number, k: number, n: number) {
  const { value, scale } = refMatmul(g, x, m, k, n, false, true);
  let c = Infinity;
  for (const v of x) c = Math.min(c, v);
  for (let o = 0; o < m; o++) {
    let s = 0;
    for (let b = 0; b < k; b++) s += Math.abs(g[o * k + b]);
    for (let i = 0; i < n; i++) scale[o * n + i] += 2 * Math.abs(c) * s;
  }
  return { value, scale };
}

const check = (kernels: Kernels, g: Float32Array, x: Float32Array, m: number, k: number, n: number, resident: boolean): void => {
  const out = place(kernels, new Float32Array(m * n).fill(Number.NaN), resident);
  kernels.weightGrad!(place(kernels, g, resident), place(kernels, x, resident), out, m, k, n);
  const { value, scale } = reference(g, x, m, k, n);
  const at = mismatch(out, value, scale);
  expect(at, `${kernels.name} m=${m} k=${k} n=${n}: entry ${at} is ${out[at]}, want ${value[at]}`).toBe(-1);
};

describe('weightGrad (g x^T skipping the background of x)', () => {
  it('equals g x^T for any shape, background and share, on both backends, resident or not', () => {
    const shape = fc.record({
      m: fc.integer({ min: 1, max: 40 }),
      k: fc.integer({ min: 1, max: 40 }),
      n: fc.integer({ min: 1, max: 40 }),
      share: fc.constantFrom(0, 0.3, 0.6, 0.9, 1),
      c: fc.constantFrom(0, -0.4242, 1.5),
      seed: fc.integer({ min: 1, max: 1000 }),
      resident: fc.boolean(),
    });
    fc.assert(
      fc.property(shape.chain((s) => fc.record({ s: fc.constant(s), g: floats(s.m * s.k) })), ({ s, g }) => {
        const x = withBackground(s.n, s.k, s.share, s.c, s.seed);
        for (const kernels of [jsKernels, wasm]) check(kernels, g, x, s.m, s.k, s.n, s.resident);
      }),
      { numRuns: 150 },
    );
  });

  it('handles LeNet-sized layers: MNIST-like inputs (19% off background) and ReLU outputs', () => {
    for (const [m, k, n, share, c] of [
      [300, 128, 784, 0.81, 0],
      [300, 128, 784, 0.81, -0.4242],
      [100, 128, 300, 0.5, 0],
      [10, 128, 100, 0.4, 0],
      [37, 19, 53, 0.95, 0],
    ] as const) {
      const g = noise(m * k, m + n);
      const x = withBackground(n, k, share, c, k + n);
      for (const kernels of [jsKernels, wasm]) check(kernels, g, x, m, k, n, true);
    }
  });

  it('skips a zero background under a few negative outliers (the minimum is then not the background)', () => {
    const m = 24, k = 32, n = 40;
    const g = noise(m * k, 8);
    const x = withBackground(n, k, 0.85, 0, 9);
    x[3] = -7;
    x[77] = -2.5;
    for (const kernels of [jsKernels, wasm]) check(kernels, g, x, m, k, n, true);
  });

  it('falls back to the dense product for inputs without a common value, NaN and infinities included', () => {
    const m = 20, k = 33, n = 17;
    const g = noise(m * k, 3);
    const x = noise(n * k, 4);
    for (const kernels of [jsKernels, wasm]) check(kernels, g, x, m, k, n, false);
    const bad = new Float32Array(n * k);
    bad[5] = Number.NaN;
    bad[9] = Number.NEGATIVE_INFINITY;
    for (const kernels of [jsKernels, wasm]) {
      const out = new Float32Array(m * n);
      kernels.weightGrad!(g, bad, out, m, k, n);
      const want = new Float32Array(m * n);
      kernels.matmul(g, bad, want, m, k, n, { transB: true });
      expect(Array.from(out, Number.isNaN)).toEqual(Array.from(want, Number.isNaN));
    }
  });

  it('rejects mismatched shapes', () => {
    for (const kernels of [jsKernels, wasm]) {
      expect(() => kernels.weightGrad!(new Float32Array(6), new Float32Array(6), new Float32Array(4), 2, 3, 2)).not.toThrow();
      expect(() => kernels.weightGrad!(new Float32Array(6), new Float32Array(5), new Float32Array(4), 2, 3, 2)).toThrow(/matmul/);
    }
  });
});
