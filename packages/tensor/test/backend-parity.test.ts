import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Tensor,
  addBias,
  addBiasRelu,
  batchNorm,
  checkGrad,
  concat,
  layerNorm,
  maskedMatmul,
  matmul,
  relu,
  slice,
  softmaxCrossEntropy,
  topkMask,
  useBackend,
  valueAndGrad,
} from '../src/index.js';
import { randn } from './gradcheck.js';

// The WASM kernels run in float32 with SIMD (another summation order than the JS twins), so the
// two backends agree to float32 rounding, not bit for bit.
const mlp = (p: { w1: Tensor; b1: Tensor; w2: Tensor; b2: Tensor; w3: Tensor }, x: Tensor, labels: Uint8Array) => {
  // [batch, features] layout with transposed weights on the first layer, node-major afterwards.
  const h1 = relu(addBias(matmul(x, p.w1, { transB: true }), p.b1, 1)); // [batch, 16]
  const h2 = addBiasRelu(layerNorm(matmul(p.w2, h1, { transB: true }), { axis: 0 }), p.b2, 0); // [12, batch]
  const joined = concat([slice(h2, 0, 0, 6), batchNorm(slice(h2, 0, 6, 12))], 0);
  return softmaxCrossEntropy(matmul(p.w3, joined), labels, { axis: 0 });
};

describe('wasm and js backends agree through valueAndGrad', () => {
  const params = { w1: randn([16, 10], 1, 0.3), b1: randn([16], 2, 0.1), w2: randn([12, 16], 3, 0.3), b2: randn([12], 4, 0.1), w3: randn([5, 12], 5, 0.3) };
  const x = randn([7, 10], 6);
  const labels = new Uint8Array([0, 4, 2, 1, 3, 3, 0]);

  beforeAll(async () => {
    expect((await useBackend('wasm'))._tag).toBe('Right');
  });
  afterAll(async () => {
    await useBackend('js');
  });

  it('a dense MLP (transposed matmul, both norms, slice, concat): same loss and gradients', async () => {
    await useBackend('js');
    const [vJs, gJs] = valueAndGrad(mlp, { copyResults: true })(params, x, labels);
    await useBackend('wasm');
    const step = valueAndGrad(mlp);
    for (let call = 0; call < 2; call++) {
      const [v, g] = step(params, x, labels);
      expect(Math.abs(v - vJs)).toBeLessThan(1e-5 * (1 + Math.abs(vJs)));
      for (const k of Object.keys(params) as (keyof typeof params)[]) {
        let scale = 0;
        for (const a of gJs[k].data) scale = Math.max(scale, Math.abs(a));
        for (let i = 0; i < gJs[k].size; i++) expect(Math.abs(g[k].data[i] - gJs[k].data[i])).toBeLessThan(1e-5 * (1 + scale));
      }
    }
  });

  it('finite differences hold on the wasm backend too (transposed and masked products)', () => {
    for (const [transA, transB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      const a = randn(transA ? [6, 5] : [5, 6], 7);
      const b = randn(transB ? [4, 6] : [6, 4], 8);
      expect(checkGrad((p, q) => matmul(p, q, { transA, transB }), [a, b]).relError).toBeLessThan(1e-3);
    }
    const w = randn([6, 5], 9);
    const mask = topkMask(w.data, 12);
    expect(checkGrad((ww, xx) => maskedMatmul(ww, xx, mask, { gradMask: mask }), [w, randn([5, 3], 10)]).relError).toBeLessThan(1e-3);
  });
});
