import { describe, expect, it } from 'vitest';
import { createModel, paramLeaves, type MlpSpec, type Model } from '@dnw/graph';
import { decodeConfig, type Config } from '@dnw/pipeline';
import { stageModel } from '../src/stage.js';

const config = (model: object): Config => {
  const c = decodeConfig({ seed: 3, data: { dataset: 'synthetic', validation: 0, synthetic: { features: 12, classes: 4 } }, model });
  if (c._tag === 'Left') throw new Error(JSON.stringify(c.left));
  return c.right;
};

const trainedDense = (): Model<MlpSpec> => {
  const m = createModel<MlpSpec>({ kind: 'mlp', sizes: [12, 8, 4], keep: 1, strategy: { name: 'complete' } }, 3);
  // Stand-in for training: distinct magnitudes so the top-k is unambiguous.
  paramLeaves(m.params).forEach((t, i) => t.data.forEach((_, j) => (t.data[j] = (j % 2 ? -1 : 1) * (j + 1 + 0.5 * i))));
  return m;
};

const masks = (m: Model): Uint8Array[] => m.edgeSets.map((es) => es.strategy.state().mask!);
const count = (mask: Uint8Array): number => mask.reduce((n, x) => n + x, 0);

describe('stageModel', () => {
  it('magnitude: keeps the largest |w| of each layer at the new fraction, frozen, from the dense weights', () => {
    const dense = trainedDense();
    const m = stageModel({ make: 'magnitude', parent: 'p', keep: 0.25 }, config({ kind: 'mlp', hidden: [8], budget: 0.25, strategy: 'fine-tune' }), dense);
    expect(m.edgeSets.map((es) => es.strategy.name)).toEqual(['fine-tune', 'fine-tune']);
    const [m0, m1] = masks(m);
    expect([count(m0), count(m1)]).toEqual([24, 8]);
    // Weights grow with the flat index here, so the chosen ones are the last k of each layer.
    expect([...m0.slice(96 - 24)].every((x) => x === 1)).toBe(true);
    expect(paramLeaves(m.params).map((t) => [...t.data])).toEqual(paramLeaves(dense.params).map((t) => [...t.data]));
  });

  it('fine-tune and lottery: the same frozen mask; lottery rewinds to the initial weights', () => {
    const parent = trainedDense();
    const cfg = config({ kind: 'mlp', hidden: [8], budget: 1, strategy: 'lottery' });
    const fine = stageModel({ make: 'fine-tune', parent: 'p' }, cfg, parent);
    const lottery = stageModel({ make: 'lottery', parent: 'p' }, cfg, parent);
    expect(masks(lottery)).toEqual(masks(fine));
    const initial = createModel(parent.spec, 3);
    expect(paramLeaves(lottery.params).map((t) => [...t.data])).toEqual(paramLeaves(initial.params).map((t) => [...t.data]));
    expect(paramLeaves(fine.params).map((t) => [...t.data])).toEqual(paramLeaves(parent.params).map((t) => [...t.data]));
  });

  it('dense-output: DNW in every layer but the last, which keeps all its weights', () => {
    const m = stageModel({ make: 'dense-output' }, config({ kind: 'mlp', hidden: [8], budget: 0.1, strategy: 'dnw' }), null) as Model<MlpSpec>;
    expect(m.spec.sizes).toEqual([12, 8, 4]);
    expect(m.edgeSets.map((es) => [es.strategy.name, es.k])).toEqual([
      ['dnw', 10],
      ['dnw', 32],
    ]);
  });

  it('refuses a stage that needs a parent without one', () => {
    expect(() => stageModel({ make: 'fine-tune', parent: 'p' }, config({ kind: 'mlp', hidden: [8] }), null)).toThrow(/parent/);
  });
});
