import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rng, tensor } from '@dnw/tensor';
import {
  copyParams,
  createModel,
  createStrategy,
  evaluate,
  fineTuneFrom,
  lossAndGrad,
  lotteryFrom,
  nodeBudgets,
  paramLeaves,
  sgd,
  topkMaskOf,
  wiringOf,
  type EdgeGroups,
  type StrategySpec,
} from '@dnw/graph';
import { blobs } from './helpers.js';

const count = (m: Uint8Array) => m.reduce((n, x) => n + x, 0);
const noGroups = (): EdgeGroups => {
  throw new Error('not needed');
};

describe('top-k over the allowed edges', () => {
  it('chooses exactly min(k, #allowed) edges, never a disallowed one, even among ties at zero', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 80 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.boolean(),
        (size, k, seed, zeros) => {
          const r = rng(seed);
          const w = new Float32Array(size);
          // Many zero weights: a masked |w| would let a disallowed position win a tie.
          if (!zeros) r.fillNormal(w);
          const allowed = Uint8Array.from({ length: size }, () => (r.uniform() < 0.4 ? 1 : 0));
          const s = createStrategy({ name: 'dnw' }, { size, allowed, allowedCount: count(allowed), k, groups: noGroups, rng: r });
          const out = new Uint8Array(size).fill(7);
          s.choose(w, allowed, k, { training: true, rng: r }, out);
          for (let i = 0; i < size; i++) if (out[i]) expect(allowed[i]).toBe(1);
          expect(count(out)).toBe(Math.min(k, count(allowed)));
          // The chosen ones are the largest allowed magnitudes.
          let minIn = Infinity;
          let maxOut = -Infinity;
          for (let i = 0; i < size; i++) {
            if (!allowed[i]) continue;
            if (out[i]) minIn = Math.min(minIn, Math.abs(w[i]));
            else maxOut = Math.max(maxOut, Math.abs(w[i]));
          }
          expect(minIn >= maxOut).toBe(true);
        },
      ),
      { numRuns: 200, seed: 5 },
    );
  });

  it('dnw keeps exactly k edges at every training step while the wiring changes', () => {
    const model = createModel({ kind: 'mlp', sizes: [16, 32, 4], keep: 0.1, strategy: { name: 'dnw' } }, 2);
    const data = blobs(3, 64, 16, 4);
    const opt = sgd({ lr: 0.2 });
    const first = wiringOf(model);
    for (let s = 0; s < 30; s++) {
      opt.step(model.params, lossAndGrad(model, data).grads);
      for (const es of model.edgeSets) expect(count(es.chosen)).toBe(es.k);
    }
    const last = wiringOf(model);
    expect(Array.from(last.sets[0].index)).not.toEqual(Array.from(first.sets[0].index));
  });
});

describe('random graph', () => {
  const spec = { kind: 'mlp' as const, sizes: [10, 12, 3], keep: 0.25, strategy: { name: 'random' as const } };

  it('is a function of the seed and stays fixed while training', () => {
    const a = createModel(spec, 9);
    const b = createModel(spec, 9);
    const c = createModel(spec, 10);
    const ma = a.edgeSets.map((es) => es.strategy.state().mask!);
    expect(ma.map((m) => Array.from(m))).toEqual(b.edgeSets.map((es) => Array.from(es.strategy.state().mask!)));
    expect(Array.from(ma[0])).not.toEqual(Array.from(c.edgeSets[0].strategy.state().mask!));
    ma.forEach((m, l) => expect(count(m)).toBe(a.edgeSets[l].k));
    const data = blobs(1, 32, 10, 3);
    const opt = sgd({ lr: 0.5 });
    for (let s = 0; s < 10; s++) {
      opt.step(a.params, lossAndGrad(a, data).grads);
      a.edgeSets.forEach((es, l) => expect(Array.from(es.chosen)).toEqual(Array.from(ma[l])));
    }
  });

  it('only the chosen edges learn', () => {
    const a = createModel(spec, 9);
    const { grads } = lossAndGrad(a, blobs(1, 32, 10, 3));
    const g = paramLeaves(grads)[0].data;
    const m = a.edgeSets[0].chosen;
    for (let i = 0; i < g.length; i++) if (!m[i]) expect(g[i]).toBe(0);
  });
});

describe('targeted dropout', () => {
  const size = 2000;
  const k = 500;
  const r = rng(4);
  const w = r.fillNormal(new Float32Array(size)) as Float32Array;
  const topk = new Uint8Array(size);
  createStrategy({ name: 'dnw' }, { size, allowed: null, allowedCount: size, k, groups: noGroups, rng: r }).choose(w, null, k, { training: false, rng: r }, topk);

  it('drops every candidate in evaluation and each with probability p in training, with signed weights', () => {
    const s = createStrategy({ name: 'targeted-dropout', dropRate: 0.7 }, { size, allowed: null, allowedCount: size, k, groups: noGroups, rng: r });
    const out = new Uint8Array(size);
    s.choose(w, null, k, { training: false, rng: r }, out);
    expect(Array.from(out)).toEqual(Array.from(topk));
    s.choose(w, null, k, { training: true, rng: rng(8) }, out);
    let kept = 0;
    for (let i = 0; i < size; i++) {
      if (topk[i]) expect(out[i]).toBe(1);
      else kept += out[i];
    }
    // 1500 candidates, each kept with probability 0.3: mean 450, sd about 18.
    expect(kept).toBeGreaterThan(450 - 90);
    expect(kept).toBeLessThan(450 + 90);
  });

  it('a model in evaluation mode uses the top-k graph; the kept weights keep their sign', () => {
    const spec = { kind: 'mlp' as const, sizes: [8, 6, 3], keep: 0.3, strategy: { name: 'targeted-dropout', dropRate: 0.5 } as StrategySpec };
    const td = createModel(spec, 1);
    const dnw = createModel({ ...spec, strategy: { name: 'dnw' } }, 1);
    const data = blobs(2, 16, 8, 3);
    expect(evaluate(td, data.x, data.labels)).toEqual(evaluate(dnw, data.x, data.labels));
    const wiring = wiringOf(td).sets[0];
    expect(wiring.weight.some((x) => x < 0)).toBe(true);
    expect(wiring.index.length).toBe(td.edgeSets[0].k);
  });

  it('per node: the budget is split over nodes in proportion to their in-edges and sums to k', () => {
    expect(Array.from(nodeBudgets(Int32Array.from([0, 4, 8, 12]), 7))).toEqual([3, 2, 2]);
    expect(Array.from(nodeBudgets(Int32Array.from([0, 2, 10]), 100))).toEqual([2, 8]);
    const model = createModel({ kind: 'mlp', sizes: [10, 4, 3], keep: 0.3, strategy: { name: 'targeted-dropout-node', dropRate: 0.5 } }, 3);
    const wiring = wiringOf(model).sets[0];
    expect(wiring.index.length).toBe(12);
    const perNode = [0, 0, 0, 0];
    for (const v of wiring.to) perNode[v - 10]++;
    expect(perNode).toEqual([3, 3, 3, 3]);
  });
});

describe('fine-tune and lottery', () => {
  const spec = { kind: 'mlp' as const, sizes: [12, 16, 3], keep: 0.2, strategy: { name: 'complete' as const } };

  it('complete uses every edge', () => {
    const m = createModel(spec, 1);
    lossAndGrad(m, blobs(1, 8, 12, 3));
    // Sizes [12, 16, 3]: 12x16 and 16x3 edges, all chosen.
    expect(m.edgeSets.map((es) => count(es.chosen))).toEqual([12 * 16, 16 * 3]);
    expect(m.edgeSets.map((es) => es.size)).toEqual([12 * 16, 16 * 3]);
  });

  it('fine-tune freezes the trained top-k and keeps the trained weights; lottery rewinds to the initial weights', () => {
    const model = createModel(spec, 1);
    const initial = copyParams(model.params);
    const data = blobs(1, 64, 12, 3);
    const opt = sgd({ lr: 0.1 });
    for (let s = 0; s < 20; s++) opt.step(model.params, lossAndGrad(model, data).grads);
    const masks = model.edgeSets.map((es) => topkMaskOf(es, model.params));

    const ft = fineTuneFrom(model);
    const lt = lotteryFrom(model, initial);
    paramLeaves(ft.params).forEach((t, i) => expect(Array.from(t.data)).toEqual(Array.from(paramLeaves(model.params)[i].data)));
    paramLeaves(lt.params).forEach((t, i) => expect(Array.from(t.data)).toEqual(Array.from(paramLeaves(initial)[i].data)));
    for (const m of [ft, lt]) m.edgeSets.forEach((es, l) => {
      expect(es.strategy.state().mask).toEqual(masks[l]);
      expect(count(masks[l])).toBe(es.k);
    });
    expect(Array.from(lt.edgeSets[0].strategy.state().rewind!)).toEqual(Array.from(paramLeaves(initial)[0].data));

    // The mask stays frozen while the lottery ticket trains, and only its edges learn.
    const ltOpt = sgd({ lr: 0.1, weightDecay: 0 });
    for (let s = 0; s < 5; s++) {
      const { grads } = lossAndGrad(lt, data);
      const g = paramLeaves(grads)[0].data;
      for (let i = 0; i < g.length; i++) if (!masks[0][i]) expect(g[i]).toBe(0);
      ltOpt.step(lt.params, grads);
      lt.edgeSets.forEach((es, l) => expect(es.chosen).toEqual(masks[l]));
    }
  });

  it('the dense path (complete) gives the gradients of the sparse path with every edge chosen', () => {
    const data = blobs(1, 16, 12, 3);
    const dense = createModel(spec, 4);
    const masks = dense.edgeSets.map((es) => ({ mask: new Uint8Array(es.size).fill(1) }));
    const sparse = createModel({ ...spec, strategy: { name: 'fixed' } }, 4, masks);
    const a = lossAndGrad(dense, data);
    const gd = paramLeaves(a.grads).map((t) => Array.from(t.data));
    const b = lossAndGrad(sparse, data);
    expect(b.loss).toBeCloseTo(a.loss, 6);
    paramLeaves(b.grads).forEach((t, i) => t.data.forEach((x, j) => expect(x).toBeCloseTo(gd[i][j], 6)));
  });

  it('refuses a frozen strategy without its mask', () => {
    expect(() => createModel({ ...spec, strategy: { name: 'lottery' } }, 1)).toThrow(/lotteryFrom/);
  });
});

describe('determinism', () => {
  it('a seed gives the same weights, wiring and training trajectory', () => {
    const run = () => {
      const m = createModel({ kind: 'static', inputs: 8, blocks: [6, 6], outputs: 3, edges: 40, strategy: { name: 'targeted-dropout', dropRate: 0.5 } }, 77);
      const data = blobs(5, 32, 8, 3);
      const opt = sgd({ lr: 0.1 });
      const losses: number[] = [];
      for (let s = 0; s < 5; s++) {
        const { loss, grads } = lossAndGrad(m, data);
        losses.push(loss);
        opt.step(m.params, grads);
      }
      return { losses, w: paramLeaves(m.params).map((t) => Array.from(t.data)) };
    };
    expect(run()).toEqual(run());
  });

  it('inputs of the wrong size fail with a ShapeError naming both shapes', () => {
    const m = createModel({ kind: 'mlp', sizes: [4, 3], keep: 1, strategy: { name: 'dnw' } }, 1);
    expect(() => lossAndGrad(m, { x: tensor(new Float32Array(10), [5, 2]), labels: Uint8Array.from([0, 1]) })).toThrow(/\[3,4\].*\[5,2\]/);
  });
});
