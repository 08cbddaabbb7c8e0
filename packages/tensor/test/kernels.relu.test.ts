import { beforeAll, describe, expect, it } from 'vitest';
import { jsKernels, type Kernels } from '../src/kernels/index.js';
import { noise, place, wasmKernelsOrThrow } from './kernels.reference.js';

let wasm: Kernels;
beforeAll(async () => {
  wasm = await wasmKernelsOrThrow();
});

const special = (n: number, seed: number): Float32Array => {
  const x = noise(n, seed);
  // NaN, signed zeros and infinities go through the same rule as everything else.
  const extras = [Number.NaN, -0, 0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (let i = 0; i < Math.min(extras.length, n); i++) x[(i * 7) % n] = extras[i];
  return x;
};

describe('biasRelu / reluGrad', () => {
  it('compute relu(x + b) and its masked cotangent with row sums, on both backends, any shape', () => {
    for (const [rows, cols] of [[1, 1], [3, 5], [7, 16], [300, 128], [2, 33]] as const) {
      const x = special(rows * cols, rows + cols);
      const b = noise(rows, rows);
      const g = noise(rows * cols, 3 * cols);
      const want = Float32Array.from(x, (v, i) => {
        const s = Math.fround(v + b[Math.floor(i / cols)]);
        return s > 0 ? s : 0;
      });
      const wantDx = Float32Array.from(g, (v, i) => (want[i] > 0 ? v : 0));
      const wantDb = Array.from({ length: rows }, (_, r) => wantDx.slice(r * cols, (r + 1) * cols).reduce((s, v) => s + v, 0));
      for (const k of [jsKernels, wasm]) {
        for (const resident of [false, true]) {
          const out = place(k, new Float32Array(rows * cols).fill(Number.NaN), resident);
          k.biasRelu!(place(k, x, resident), place(k, b, resident), out, rows, cols);
          expect(Array.from(out), `${k.name} [${rows},${cols}]`).toEqual(Array.from(want));
          const dx = place(k, new Float32Array(rows * cols).fill(Number.NaN), resident);
          const db = place(k, new Float32Array(rows).fill(Number.NaN), resident);
          k.reluGrad!(out, place(k, g, resident), dx, db, rows, cols);
          expect(Array.from(dx)).toEqual(Array.from(wantDx));
          for (let r = 0; r < rows; r++) expect(db[r]).toBeCloseTo(wantDb[r], 4);
        }
      }
    }
  });

  it('works without a bias and without a bias gradient, and rejects wrong lengths', () => {
    for (const k of [jsKernels, wasm]) {
      const out = new Float32Array(5);
      k.biasRelu!(Float32Array.of(-1, 2, Number.NaN, -0, 3), null, out, 1, 5);
      expect(Array.from(out)).toEqual([0, 2, 0, 0, 3]);
      expect(Object.is(out[3], 0)).toBe(true);
      const dx = new Float32Array(5);
      k.reluGrad!(out, Float32Array.of(1, 2, 3, 4, 5), dx, null, 1, 5);
      expect(Array.from(dx)).toEqual([0, 2, 0, 0, 5]);
      expect(() => k.biasRelu!(new Float32Array(4), new Float32Array(3), new Float32Array(4), 2, 2)).toThrow(/biasRelu/);
      expect(() => k.reluGrad!(new Float32Array(4), new Float32Array(3), new Float32Array(4), null, 2, 2)).toThrow(/reluGrad/);
    }
  });
});
