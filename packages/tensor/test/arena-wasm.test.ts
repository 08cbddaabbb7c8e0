import { afterAll, describe, expect, it } from 'vitest';
import { Tensor, addBias, arenaAllocations, kernels, maskedMatmul, relu, softmaxCrossEntropy, topkMask, useBackend, valueAndGrad } from '../src/index.js';
import { randn } from './gradcheck.js';

// The arena draws from the active backend, so under WASM every op output and gradient is a view
// into the kernels' memory and the kernels read it without copying.
describe('arena on the WASM backend', () => {
  afterAll(async () => {
    await useBackend('js');
  });

  const params = { w1: randn([12, 7], 1, 0.4), b1: randn([12], 2, 0.1), w2: randn([3, 12], 3, 0.4) };
  const x = randn([7, 6], 4);
  const labels = new Uint8Array([0, 1, 2, 1, 0, 2]);
  const m1 = topkMask(params.w1.data, 30);
  const m2 = topkMask(params.w2.data, 20);
  const net = (p: typeof params, xx: Tensor) =>
    softmaxCrossEntropy(maskedMatmul(p.w2, relu(addBias(maskedMatmul(p.w1, xx, m1), p.b1, 0)), m2), labels);

  it('gives the JS backend answers, from WASM memory, with no new buffers on later calls', async () => {
    await useBackend('js');
    const [vJs, gJs] = valueAndGrad(net, { copyResults: true })(params, x);
    const r = await useBackend('wasm');
    expect(r._tag).toBe('Right');
    const step = valueAndGrad(net);
    const [v1, g1] = step(params, x);
    const wasmBuffer = kernels().alloc(1).buffer;
    expect(g1.w1.data.buffer).toBe(wasmBuffer);
    const before = arenaAllocations();
    const [v2, g2] = step(params, x);
    expect(arenaAllocations()).toBe(before);
    expect(v2).toBe(v1);
    expect(v1).toBeCloseTo(vJs, 5);
    for (const k of ['w1', 'b1', 'w2'] as const) {
      for (let i = 0; i < gJs[k].size; i++) expect(g2[k].data[i]).toBeCloseTo(gJs[k].data[i], 5);
    }
  });
});
