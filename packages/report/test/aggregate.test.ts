import { describe, expect, it } from 'vitest';
import { COLUMNS, markdownTable, select, stats, summarise } from '../src/index.js';
import { record } from './fixtures.js';

describe('stats', () => {
  it('gives mean, sample std, min and max', () => {
    const s = stats([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(s.mean).toBe(5);
    expect(s.std).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect([s.min, s.max, s.n]).toEqual([2, 9, 8]);
  });
  it('has zero spread for one run and refuses none', () => {
    expect(stats([0.5])).toEqual({ mean: 0.5, std: 0, min: 0.5, max: 0.5, n: 1 });
    expect(() => stats([])).toThrow(RangeError);
  });
});

describe('summarise', () => {
  const rs = [
    record({ id: 'a0', seed: 0, testAccuracy: 0.9, edges: 100 }),
    record({ id: 'b0', variant: 'mlp/random', seed: 0, testAccuracy: 0.8 }),
    record({ id: 'a1', seed: 1, testAccuracy: 0.92, edges: 102 }),
    record({ id: 'a2', seed: 2, keep: 0.5, testAccuracy: 0.98 }),
  ];
  it('pools seeds by variant and keep, in first-seen order', () => {
    const s = summarise(rs);
    expect(s.map((x) => [x.variant, x.keep, x.seeds])).toEqual([
      ['mlp/dnw-all', 0.1, [0, 1]],
      ['mlp/random', 0.1, [0]],
      ['mlp/dnw-all', 0.5, [2]],
    ]);
    expect(s[0].accuracy.mean).toBeCloseTo(0.91, 12);
    expect(s[0].edges.mean).toBe(101);
  });
  it('prints mean ± std in percent, and the mean alone for one seed', () => {
    const table = markdownTable(summarise(rs), [{ header: 'variant', cell: (x) => x.variant }, COLUMNS.accuracy, COLUMNS.edges]);
    const lines = table.split('\n');
    expect(lines[0]).toBe('| variant | test acc. (%) | edges |');
    expect(lines[1]).toBe('|:---|---:|---:|');
    expect(lines[2]).toBe(`| mlp/dnw-all | 91.00 ± ${(100 * Math.sqrt(0.0002)).toFixed(2)} | 101 |`);
    expect(lines[3]).toBe('| mlp/random | 80.00 | 26,620 |');
  });
  it('selects one group and mode', () => {
    const mixed = [record({ id: 'x' }), record({ id: 'y', mode: 'full' }), record({ id: 'z', group: 'graphs' })];
    expect(select(mixed, 'sparse', 'quick').map((r) => r.id)).toEqual(['x']);
  });
});
