import { describe, expect, it } from 'vitest';
import { lastValueFrom, toArray } from 'rxjs';
import { train } from '../src/train.js';
import type { TrainEvent } from '../src/events.js';

const small = {
  seed: 3,
  data: { dataset: 'synthetic', validation: 256, synthetic: { train: 1280, test: 256, features: 16, classes: 4 } },
  model: { kind: 'static', hidden: [16, 16], budget: 0.3 },
  epochs: 3,
  batchSize: 64,
  logEvery: 5,
  rewireEvery: 10,
  backend: 'js',
} as const;

describe('train', () => {
  it('runs on the synthetic data and emits events in order', async () => {
    const events: TrainEvent[] = await lastValueFrom(train(small).pipe(toArray()));
    const types = events.map((e) => e.type);
    console.log(types.join(' '));
    console.log(JSON.stringify(events.filter((e) => e.type !== 'rewire' && e.type !== 'step').map((e) => e.type === 'start' ? e.model : e)));
    expect(types[0]).toBe('start');
    expect(types.at(-1)).toBe('done');
  });
});
