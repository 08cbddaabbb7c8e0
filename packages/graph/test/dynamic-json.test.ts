import { describe, expect, it } from 'vitest';
import { isRight } from 'fp-ts/lib/Either.js';
import { lossAndGrad, modelFromJSON, modelToJSON, predict, sgd, wiringOf, createModel, type ModelSpec } from '@dnw/graph';
import { blobs } from './helpers.js';

const specs: ModelSpec[] = [
  { kind: 'discrete', inputs: 6, hidden: 8, outputs: 3, edges: 40, strategy: { name: 'dnw' }, steps: 4, clampInputs: true },
  { kind: 'continuous', inputs: 6, hidden: 8, outputs: 3, edges: 40, strategy: { name: 'random' }, solver: { method: 'rk4', steps: 3 } },
  { kind: 'continuous', inputs: 6, hidden: 8, outputs: 3, edges: 40, strategy: { name: 'dnw' } },
  { kind: 'channel', image: { channels: 6, height: 1, width: 1 }, pool: 1, inputs: 4, blocks: [4, 4], outputs: 3, edges: 20, strategy: { name: 'dnw' } },
];

describe('dynamic graphs through JSON and wiring', () => {
  for (const spec of specs) {
    it(`${spec.kind} (${spec.strategy.name}) round-trips through JSON with the same logits and wiring`, () => {
      const model = createModel(spec, 3);
      const data = blobs(1, 32, 6, 3);
      const opt = sgd({ lr: 0.05, momentum: 0.9 });
      for (let s = 0; s < 3; s++) opt.step(model.params, lossAndGrad(model, data).grads);
      const json = JSON.parse(JSON.stringify(modelToJSON(model)));
      const back = modelFromJSON(json);
      expect(isRight(back)).toBe(true);
      if (!isRight(back)) return;
      const a = Array.from(predict(model, data.x).data);
      const b = Array.from(predict(back.right, data.x).data);
      expect(b).toEqual(a);
      const w = wiringOf(model);
      expect(w.sets).toHaveLength(1);
      expect(wiringOf(back.right)).toEqual(w);
    });
  }

  it('a bad field of a saved dynamic spec is named', () => {
    const json = JSON.parse(JSON.stringify(modelToJSON(createModel(specs[2], 1))));
    json.spec.solver = { method: 'dopri5', rtol: -1 };
    const back = modelFromJSON(json);
    expect(isRight(back)).toBe(false);
    if (!isRight(back)) expect(JSON.stringify(back.left)).toMatch(/solver\.rtol/);
  });
});
