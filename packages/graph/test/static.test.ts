import { describe, expect, it } from 'vitest';
import { createModel, lossAndGrad, paramLeaves, sgd, staticColumns, staticPairs, wiringDiff, wiringOf, type StaticParams, type StaticSpec } from '@dnw/graph';
import { blobs } from './helpers.js';

const spec: StaticSpec = { kind: 'static', inputs: 12, blocks: [8, 8, 8], outputs: 4, edges: 90, strategy: { name: 'dnw' } };

/** The column (0 = inputs, last = outputs) of a global node id. */
function columnOf(s: StaticSpec): (v: number) => number {
  const cols = staticColumns(s);
  return (v) => {
    let c = 0;
    while (v >= cols[c]) v -= cols[c++];
    return c;
  };
}

describe('static neural graph', () => {
  it('never chooses a backward edge, keeps exactly k edges, and rewires while training', () => {
    const model = createModel(spec, 4);
    const col = columnOf(spec);
    const data = blobs(6, 64, 12, 4);
    const opt = sgd({ lr: 0.2 });
    const first = wiringOf(model);
    let prev = first;
    let changes = 0;
    for (let s = 0; s < 40; s++) {
      opt.step(model.params, lossAndGrad(model, data).grads);
      const w = wiringOf(model);
      const set = w.sets[0];
      expect(set.index.length).toBe(spec.edges);
      for (let e = 0; e < set.index.length; e++) expect(col(set.from[e])).toBeLessThan(col(set.to[e]));
      changes += wiringDiff(prev, w)[0].added.length;
      prev = w;
    }
    expect(changes).toBeGreaterThan(0);
    const diff = wiringDiff(first, prev)[0];
    expect(diff.added.length).toBe(diff.removed.length);
  });

  it("reference layout (maskBackwardEdges: false): backward edges compete for the budget but carry nothing", () => {
    const ref = { ...spec, maskBackwardEdges: false, edges: 300 };
    const model = createModel(ref, 4);
    const pairs = staticPairs(ref);
    expect(pairs.some((p) => p.from >= p.to)).toBe(true);
    const w = wiringOf(model).sets[0];
    const inert = w.inert.reduce((n, x) => n + x, 0);
    expect(inert).toBeGreaterThan(0);
    expect(w.index.length).toBe(300);
    const { grads } = lossAndGrad(model, blobs(6, 32, 12, 4));
    const g = grads as unknown as StaticParams;
    pairs.forEach((p, i) => {
      const nonzero = g.edges[i].data.some((x) => x !== 0);
      if (p.from >= p.to) expect(nonzero).toBe(false);
    });
    // And the forward pairs do learn.
    expect(pairs.some((p, i) => p.from < p.to && g.edges[i].data.some((x) => x !== 0))).toBe(true);
  });

  it('the budget is one k for the whole graph, shared across the block matrices', () => {
    const model = createModel(spec, 4);
    const es = model.edgeSets;
    expect(es.length).toBe(1);
    expect(es[0].parts.length).toBe(staticPairs(spec).length);
    expect(es[0].size).toBe(paramLeaves(model.params).filter((_, i) => i < es[0].parts.length).reduce((n, t) => n + t.size, 0));
  });

  it('rejects a bad spec with the field named', () => {
    expect(() => createModel({ ...spec, blocks: [8, 0] }, 1)).toThrow(/blocks\[1\]/);
  });
});
