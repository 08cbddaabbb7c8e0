import { describe, expect, it } from 'vitest';
import { compact, createModel, evaluate, liveness, lossAndGrad, predict, sgd, wiringOf, type MlpParams, type Model, type ModelSpec, type StaticBuffers } from '@dnw/graph';
import { blobs } from './helpers.js';

function trained(spec: ModelSpec, steps: number): Model {
  const model = createModel(spec, 3);
  const data = blobs(4, 64, 20, 4);
  const opt = sgd({ lr: 0.1 });
  for (let s = 0; s < steps; s++) opt.step(model.params, lossAndGrad(model, data).grads);
  return model;
}

const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);

describe('liveness and compaction', () => {
  it('a sparse static graph has dead nodes; without normalisation the compacted graph gives exactly the same logits', () => {
    const spec: ModelSpec = { kind: 'static', inputs: 20, blocks: [12, 12, 12], outputs: 4, edges: 45, norm: 'none', strategy: { name: 'dnw' } };
    const model = trained(spec, 20);
    const live = liveness(model);
    expect(live.liveHidden).toBeLessThan(live.hidden);
    expect(live.liveEdges).toBeLessThanOrEqual(live.edges);
    expect(live.flops).toBe(2 * live.liveEdges);
    const small = compact(model);
    expect(small.spec.kind).toBe('static');
    const after = liveness(small);
    expect(after.liveHidden).toBe(live.liveHidden);
    expect(after.hidden).toBe(live.liveHidden);
    expect(after.liveEdges).toBe(live.liveEdges);
    const test = blobs(9, 50, 20, 4);
    const full = predict(model, test.x).data.slice();
    const got = predict(small, test.x).data;
    expect(maxDiff(full, got)).toBe(0);
  });

  it('batch norm: constants of nodes without a path from the inputs fold into running means and biases', () => {
    // A small random budget: many hidden nodes have out-edges but no in-edges. A node that lost its
    // in-edges during training keeps a non-zero running mean, so relu(norm(0)) is not zero: shift
    // the running means to stand for that history.
    const spec: ModelSpec = { kind: 'static', inputs: 20, blocks: [10, 10], outputs: 4, edges: 25, outputBias: false, strategy: { name: 'random' } };
    const model = trained(spec, 15);
    for (const m of (model.buffers as StaticBuffers).runningMean) m.data.forEach((x, i) => (m.data[i] = x - 0.3));
    const live = liveness(model);
    const w = wiringOf(model).sets[0];
    const constFeeders = Array.from(w.from).filter((u, e) => u >= 20 && !live.fromInputs[u] && live.live[w.to[e]]);
    expect(constFeeders.length).toBeGreaterThan(0);
    const small = compact(model);
    expect(small.spec.kind === 'static' && small.spec.outputBias).toBe(true);
    const test = blobs(9, 30, 20, 4);
    const full = predict(model, test.x).data.slice();
    expect(maxDiff(full, predict(small, test.x).data)).toBeLessThan(1e-5);
    expect(evaluate(small, test.x, test.labels).correct).toBe(evaluate(model, test.x, test.labels).correct);
  });

  it('an MLP folds the constants of unreachable units into the next biases', () => {
    const spec: ModelSpec = { kind: 'mlp', sizes: [20, 24, 16, 4], keep: 0.08, strategy: { name: 'dnw' } };
    const model = trained(spec, 30);
    const live = liveness(model);
    expect(live.liveHidden).toBeLessThan(live.hidden);
    // Make folding matter: a first-layer unit without in-edges but with an out-edge gets a positive
    // bias, so it feeds the constant relu(0.5) forward.
    const w = wiringOf(model);
    const hasIn = new Set(Array.from(w.sets[0].to));
    const feeder = Array.from(w.sets[1].from).find((u, e) => !hasIn.has(u) && live.live[w.sets[1].to[e]] === 1 && Math.abs(w.sets[1].weight[e]) > 1e-3);
    expect(feeder).toBeDefined();
    (model.params as unknown as MlpParams).layers[0].b.data[feeder! - 20] = 0.5;
    const small = compact(model);
    expect(small.spec.kind === 'mlp' && small.spec.sizes[1]).toBeLessThanOrEqual(24);
    const test = blobs(9, 50, 20, 4);
    const full = predict(model, test.x).data.slice();
    const got = predict(small, test.x).data;
    expect(maxDiff(full, got)).toBeLessThan(1e-5);
    // The feeder is dead yet drives a live unit with a non-zero constant: the equality above needs the fold.
    const after = liveness(model);
    expect(after.live[feeder!]).toBe(0);
    const fed = Array.from(w.sets[1].from).flatMap((u, e) => (u === feeder && after.live[w.sets[1].to[e]] ? [w.sets[1].weight[e]] : []));
    expect(fed.some((x) => Math.abs(x) > 1e-3)).toBe(true);
  });

  describe('dynamic graphs', () => {
    const base = { inputs: 20, hidden: 30, outputs: 4, edges: 70 } as const;
    /** Edges the compaction drops that end in a kept node: they must carry exact zeros. */
    const zeroFeeders = (model: Model): number => {
      const live = liveness(model);
      const w = wiringOf(model).sets[0];
      const n = model.nodes.count;
      const kept = (v: number) => v < 20 || v >= n - 4 || live.live[v] === 1;
      return Array.from(w.from).filter((u, e) => u >= 20 && !live.live[u] && kept(w.to[e])).length;
    };
    const check = (spec: ModelSpec, tolerance: number) => {
      const model = trained(spec, 20);
      const live = liveness(model);
      expect(live.liveHidden).toBeLessThan(live.hidden);
      const small = compact(model);
      expect(small.spec.kind).toBe(spec.kind);
      const after = liveness(small);
      expect(after.hidden).toBe(live.liveHidden);
      expect(after.liveHidden).toBe(live.liveHidden);
      expect(wiringOf(small).sets[0].index.length).toBeLessThanOrEqual(wiringOf(model).sets[0].index.length);
      const test = blobs(9, 50, 20, 4);
      const full = predict(model, test.x).data.slice();
      expect(maxDiff(full, predict(small, test.x).data)).toBeLessThanOrEqual(tolerance);
      return model;
    };

    it('discrete time: dead hidden nodes go and the logits are exactly the same', () => {
      const model = check({ kind: 'discrete', ...base, steps: 4, strategy: { name: 'dnw' } }, 0);
      expect(model.nodes.count).toBe(54);
    });

    it('a random graph: edges out of nodes no input reaches are dropped, and they carried exact zeros', () => {
      const model = check({ kind: 'discrete', ...base, edges: 40, steps: 3, strategy: { name: 'random' } }, 0);
      expect(zeroFeeders(model)).toBeGreaterThan(0);
    });

    it('continuous time with fixed-step RK4: exactly the same logits', () => {
      check({ kind: 'continuous', ...base, solver: { method: 'rk4', steps: 3 }, strategy: { name: 'dnw' } }, 0);
    });

    it('continuous time with dopri5: the same logits within the solver tolerance', () => {
      check({ kind: 'continuous', ...base, solver: { method: 'dopri5', rtol: 1e-6, atol: 1e-6 }, strategy: { name: 'dnw' } }, 1e-3);
    });
  });
});
