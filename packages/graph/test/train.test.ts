import { describe, expect, it } from 'vitest';
import { createModel, type MlpSpec, type StaticSpec } from '@dnw/graph';
import { blobs, fit } from './helpers.js';

const train = (spec: MlpSpec | StaticSpec, steps: number, lr: number) => fit(createModel(spec, 1), blobs(7, 128, 16, 4), steps, lr);

describe('learning a tiny task', () => {
  it('a 10%-sparse MLP (dnw) learns', () => {
    const r = train({ kind: 'mlp', sizes: [16, 64, 32, 4], keep: 0.1, strategy: { name: 'dnw' } }, 150, 0.05);
    expect(r.last).toBeLessThan(r.first * 0.5);
    expect(r.accuracy).toBeGreaterThan(0.9);
  });

  it('a static graph (dnw) learns', () => {
    const r = train({ kind: 'static', inputs: 16, blocks: [16, 16, 16], outputs: 4, edges: 120, strategy: { name: 'dnw' } }, 150, 0.05);
    expect(r.last).toBeLessThan(r.first * 0.5);
    expect(r.accuracy).toBeGreaterThan(0.9);
  });
});
