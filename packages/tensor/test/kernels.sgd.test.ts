import { beforeAll, describe, expect, it } from 'vitest';
import { jsKernels, type Kernels } from '../src/kernels/index.js';
import { noise, place, wasmKernelsOrThrow } from './kernels.reference.js';

let wasm: Kernels;
beforeAll(async () => {
  wasm = await wasmKernelsOrThrow();
});

/** Three steps of PyTorch's SGD in float64 (the definition the kernels follow). */
function reference(w0: Float32Array, gs: Float32Array[], lr: number, mu: number, wd: number, nesterov: boolean) {
  const w = Float64Array.from(w0);
  const v = new Float64Array(w.length);
  for (const g of gs) {
    for (let i = 0; i < w.length; i++) {
      const d = g[i] + wd * w[i];
      v[i] = mu * v[i] + d;
      w[i] -= lr * (nesterov ? d + mu * v[i] : v[i]);
    }
  }
  return { w, v };
}

describe('sgdUpdate', () => {
  for (const nesterov of [false, true]) {
    it(`follows PyTorch's rule on both backends, resident or not, any length (nesterov ${nesterov})`, () => {
      for (const n of [1, 3, 4, 7, 64, 1001]) {
        const w0 = noise(n, n);
        const gs = [noise(n, n + 1), noise(n, n + 2), noise(n, n + 3)];
        const want = reference(w0, gs, 0.1, 0.9, 0.01, nesterov);
        for (const k of [jsKernels, wasm]) {
          for (const resident of [false, true]) {
            const w = place(k, w0, resident);
            const v = place(k, new Float32Array(n), resident);
            for (const g of gs) k.sgdUpdate!(w, place(k, g, resident), v, 0.1, 0.9, 0.01, nesterov);
            for (let i = 0; i < n; i++) {
              expect(w[i], `${k.name} resident ${resident} n ${n} w[${i}]`).toBeCloseTo(want.w[i], 5);
              expect(v[i], `${k.name} resident ${resident} n ${n} v[${i}]`).toBeCloseTo(want.v[i], 5);
            }
          }
        }
      }
    });
  }

  it('rejects buffers of different lengths', () => {
    for (const k of [jsKernels, wasm]) {
      expect(() => k.sgdUpdate!(new Float32Array(4), new Float32Array(3), new Float32Array(4), 0.1, 0.9, 0, false)).toThrow(/sgdUpdate/);
    }
  });
});
