import { describe, expect, it } from 'vitest';
import { arenaAllocations } from '@dnw/tensor';
import { createModel, lossAndGrad, sgd, type ModelSpec } from '@dnw/graph';
import { blobs } from './helpers.js';

describe('a training step allocates no buffers after warm-up', () => {
  it.each<[string, ModelSpec]>([
    ['sparse MLP, dnw', { kind: 'mlp', sizes: [16, 32, 16, 4], keep: 0.1, strategy: { name: 'dnw' } }],
    ['sparse MLP, no-update', { kind: 'mlp', sizes: [16, 32, 16, 4], keep: 0.1, strategy: { name: 'dnw-no-update' } }],
    ['static graph, targeted dropout', { kind: 'static', inputs: 16, blocks: [8, 8], outputs: 4, edges: 60, strategy: { name: 'targeted-dropout', dropRate: 0.5 } }],
  ])('%s', (_, spec) => {
    const model = createModel(spec, 1);
    const data = blobs(2, 32, 16, 4);
    const opt = sgd({ lr: 0.05 });
    for (let s = 0; s < 2; s++) opt.step(model.params, lossAndGrad(model, data).grads);
    const before = arenaAllocations();
    for (let s = 0; s < 5; s++) opt.step(model.params, lossAndGrad(model, data).grads);
    expect(arenaAllocations()).toBe(before);
  });
});
