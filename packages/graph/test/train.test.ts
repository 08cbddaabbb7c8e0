import { describe, expect, it } from 'vitest';
import { createModel, evaluate, lossAndGrad, sgd, type MlpSpec, type StaticSpec } from '@dnw/graph';
import { blobs } from './helpers.js';

const train = (spec: MlpSpec | StaticSpec, steps: number, lr: number) => {
  const model = createModel(spec, 1);
  const data = blobs(7, 128, 16, 4);
  const opt = sgd({ lr, momentum: 0.9, weightDecay: 1e-4 });
  const before = evaluate(model, data.x, data.labels);
  let first = NaN;
  let last = NaN;
  for (let s = 0; s < steps; s++) {
    const { loss, grads } = lossAndGrad(model, data);
    if (s === 0) first = loss;
    last = loss;
    opt.step(model.params, grads);
  }
  const after = evaluate(model, data.x, data.labels);
  return { before, after, first, last };
};

describe('learning a tiny task', () => {
  it('a 10%-sparse MLP (dnw) learns', () => {
    const r = train({ kind: 'mlp', sizes: [16, 64, 32, 4], keep: 0.1, strategy: { name: 'dnw' } }, 150, 0.05);
    expect(r.last).toBeLessThan(r.first * 0.5);
    expect(r.after.correct / r.after.count).toBeGreaterThan(0.9);
  });

  it('a static graph (dnw) learns', () => {
    const r = train({ kind: 'static', inputs: 16, blocks: [16, 16, 16], outputs: 4, edges: 120, strategy: { name: 'dnw' } }, 150, 0.05);
    expect(r.last).toBeLessThan(r.first * 0.5);
    expect(r.after.correct / r.after.count).toBeGreaterThan(0.9);
  });
});
