import { describe, expect, it } from 'vitest';
import { train } from '../src/train.js';
import { collect, ofType, small } from './train-fixtures.js';

// Every model kind the config names trains through the same loop (one short epoch each).
describe('model kinds', () => {
  const cases = [
    { kind: 'mlp', hidden: [16], budget: 0.5 },
    { kind: 'discrete', hidden: [12], budget: 0.2, timeSteps: 3 },
    { kind: 'continuous', hidden: [8], budget: 0.2, solver: 'rk4', timeSteps: 2 },
    { kind: 'static', hidden: [16, 16], budget: 100, strategy: 'random' },
    { kind: 'static', hidden: [16, 16], budget: 0.3, strategy: 'targeted-dropout', dropRate: 0.3 },
  ] as const;
  for (const model of cases) {
    it(`${model.kind} (${'strategy' in model ? model.strategy : 'dnw'}, budget ${model.budget})`, async () => {
      const events = await collect(train({ ...small, epochs: 1, model }));
      const last = events.at(-1)!;
      expect(last.type, JSON.stringify(last)).toBe('done');
      const start = ofType(events, 'start')[0]!;
      expect(start.model.kind).toBe(model.kind);
      const expected = model.budget > 1 ? model.budget : Math.round(model.budget * start.model.allowedEdges);
      if (model.kind !== 'mlp') expect(start.model.budget).toBe(expected);
      expect(ofType(events, 'done')[0]!.test.accuracy).toBeGreaterThan(0.25);
    });
  }
});
