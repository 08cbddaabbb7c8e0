import { describe, expect, it } from 'vitest';
import { tensor } from '@dnw/tensor';
import { createModel, lossAndGrad, paramEntries, predict, sgd, type StaticBuffers } from '@dnw/graph';
import { blobs } from './helpers.js';

describe('static graph normalisation', () => {
  const spec = { kind: 'static' as const, inputs: 16, blocks: [8, 8], outputs: 4, edges: 60, strategy: { name: 'dnw' as const } };

  it('training updates running statistics with PyTorch momentum; evaluation uses them', () => {
    const model = createModel(spec, 1);
    const buffers = model.buffers as StaticBuffers;
    expect(Array.from(buffers.runningVar[0].data)).toEqual(new Array(8).fill(1));
    const data = blobs(3, 32, 16, 4);
    const opt = sgd({ lr: 0.05 });
    for (let s = 0; s < 10; s++) opt.step(model.params, lossAndGrad(model, data).grads);
    expect(buffers.runningMean[0].data.some((x) => x !== 0)).toBe(true);
    // Evaluation does not move them, and an example's logits do not depend on its batch.
    const before = paramEntries(buffers).map((e) => Array.from(e.tensor.data));
    const all = predict(model, data.x).data.slice();
    expect(paramEntries(buffers).map((e) => Array.from(e.tensor.data))).toEqual(before);
    const one = new Float32Array(16);
    for (let f = 0; f < 16; f++) one[f] = data.x.data[f * 32 + 5];
    const single = predict(model, tensor(one, [16, 1])).data;
    for (let c = 0; c < 4; c++) expect(single[c]).toBeCloseTo(all[c * 32 + 5], 5);
  });

  it("norm: 'none' has no buffers", () => {
    expect(createModel({ ...spec, norm: 'none' }, 1).buffers).toBeUndefined();
  });
});
