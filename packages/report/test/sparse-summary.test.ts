import { describe, expect, it } from 'vitest';
import { decodeSparseSummary, removedPercent, sparseSummary, type SparseSummary } from '../src/index.js';
import { record } from './fixtures.js';

const rs = [
  record({ id: 'd0', variant: 'mlp/dense', strategy: 'complete', keep: 1, seed: 0, testAccuracy: 0.98 }),
  record({ id: 'd1', variant: 'mlp/dense', strategy: 'complete', keep: 1, seed: 1, testAccuracy: 0.96 }),
  record({ id: 'a', keep: 0.1, seed: 0, testAccuracy: 0.95 }),
  record({ id: 'b', keep: 0.5, seed: 0, testAccuracy: 0.97 }),
  record({ id: 'c', keep: 0.1, seed: 1, testAccuracy: 0.93 }),
  record({ id: 'r', variant: 'mlp/random', keep: 0.1, testAccuracy: 0.9 }),
];

const build = (): SparseSummary =>
  sparseSummary(rs, {
    description: 'LeNet-300-100 on MNIST',
    mode: 'quick',
    denseVariant: 'mlp/dense',
    lines: [
      { id: 'dnw', label: 'DNW', variant: 'mlp/dnw-all' },
      { id: 'random', label: 'random', variant: 'mlp/random' },
    ],
  });

describe('sparseSummary', () => {
  it('starts every line at the dense runs and sorts points by percent removed', () => {
    const s = build();
    const dnw = s.variants[0];
    expect(dnw.points.map((p) => p.removed)).toEqual([0, 50, 90]);
    expect(dnw.points.map((p) => p.kept)).toEqual([1, 0.5, 0.1]);
    expect(dnw.points[0]).toMatchObject({ n: 2, min: 96, max: 98 });
    expect(dnw.points[0].mean).toBeCloseTo(97, 10);
    expect(dnw.points[2].mean).toBeCloseTo(94, 10);
    expect(dnw.points[2].std).toBeCloseTo(Math.SQRT2, 10);
    expect(s.variants[1].points.map((p) => [p.removed, p.n])).toEqual([[0, 2], [90, 1]]);
  });

  it('decodes what it built, through JSON', () => {
    const s = build();
    expect(decodeSparseSummary(JSON.parse(JSON.stringify(s)))).toEqual({ _tag: 'Right', right: s });
  });

  it('rounds percent removed without float noise', () => {
    expect([0.9, 0.1, 0.02, 0.05, 0.3].map(removedPercent)).toEqual([10, 90, 98, 95, 70]);
  });
});

describe('decodeSparseSummary', () => {
  const fieldOf = (u: unknown): string => {
    const r = decodeSparseSummary(u);
    if (r._tag === 'Right') throw new Error('expected a Left');
    return r.left.field;
  };
  it('names the field that is wrong', () => {
    const s = JSON.parse(JSON.stringify(build()));
    expect(fieldOf({ ...s, format: 'other' })).toBe('format');
    expect(fieldOf({ ...s, version: 2 })).toBe('version');
    s.variants[1].points[1].mean = 'x';
    expect(fieldOf(s)).toBe('variants[1].points[1].mean');
  });
  it('rejects unsorted points, a wrong kept and a mean outside its range', () => {
    const base = (): any => JSON.parse(JSON.stringify(build()));
    const a = base();
    a.variants[0].points.reverse();
    expect(fieldOf(a)).toBe('variants[0].points[1].removed');
    const b = base();
    b.variants[0].points[1].kept = 0.4;
    expect(fieldOf(b)).toBe('variants[0].points[1].kept');
    const c = base();
    c.variants[0].points[2].max = 50;
    expect(fieldOf(c)).toBe('variants[0].points[2].mean');
    const d = base();
    d.variants[1].id = 'dnw';
    expect(fieldOf(d)).toBe('variants[1].id');
  });
});
