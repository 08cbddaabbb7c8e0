import { describe, expect, it } from 'vitest';
import { arenaAllocations, mul, sum, tensor, valueAndGrad, withArena, type Tensor } from '@dnw/tensor';
import {
  createContinuous,
  createModel,
  lossAndGrad,
  OdeSolveError,
  sgd,
  type ContinuousSpec,
  type DynamicParams,
  type SolverSpec,
} from '@dnw/graph';
import { blobs, fit } from './helpers.js';
import { expm, numericGrad, projector, randn, relError } from './dynamic-helpers.js';

/** The linear graph: no norm, no activation, readout of the states: logits = (expm(W_eff) Z(0))[outputs]. */
const linearSpec = (solver: SolverSpec): ContinuousSpec => ({
  kind: 'continuous',
  inputs: 3,
  hidden: 3,
  outputs: 2,
  edges: 30,
  strategy: { name: 'dnw' },
  norm: 'none',
  activation: 'none',
  readout: 'state',
  outputBias: false,
  solver,
});

/** <r, (expm(W_eff) Z(0))[outputs]> in float64. */
function closedForm(wEff: Float64Array, n: number, x: Tensor, outputs: number, r: Tensor): number {
  const e = expm(wEff, n);
  const [inputs, b] = x.shape;
  let s = 0;
  for (let v = n - outputs; v < n; v++) {
    for (let j = 0; j < b; j++) {
      let z = 0;
      for (let u = 0; u < inputs; u++) z += e[v * n + u] * x.data[u * b + j];
      s += r.data[(v - n + outputs) * b + j] * z;
    }
  }
  return s;
}

const solvers: [string, SolverSpec, number][] = [
  ['rk4', { method: 'rk4', steps: 16 }, 1e-4],
  ['dopri5', { method: 'dopri5', rtol: 1e-6, atol: 1e-6 }, 1e-4],
];

describe('continuous-time dynamic graph', () => {
  for (const [name, solver, tol] of solvers) {
    it(`${name}: a linear graph gives expm(W_eff) Z(0), and its gradient (chosen or not) is the closed form's`, () => {
      const model = createModel(linearSpec(solver), 2);
      const p = model.params as DynamicParams;
      const n = 8;
      const x = randn([3, 4], 3);
      const { r } = projector([2, 4], 4);
      const ctx = { training: true, rng: model.rng };
      const [loss, grads] = valueAndGrad((q: DynamicParams) => sum(mul(model.forward(q, x, ctx), r)), { copyResults: true })(p);
      const mask = model.edgeSets[0].chosen;
      const wEff = Float64Array.from(p.w.data, (v, i) => v * mask[i]);
      const exact = closedForm(wEff, n, x, 2, r);
      expect(Math.abs(loss - exact)).toBeLessThan(tol * (1 + Math.abs(exact)));
      // The straight-through gradient of every edge is d/dW_eff of the closed form.
      const eps = 1e-5;
      let worst = 0;
      let scale = 0;
      let unchosenLive = 0;
      for (let i = 0; i < n * n; i++) {
        const keep = wEff[i];
        wEff[i] = keep + eps;
        const up = closedForm(wEff, n, x, 2, r);
        wEff[i] = keep - eps;
        const down = closedForm(wEff, n, x, 2, r);
        wEff[i] = keep;
        const d = (up - down) / (2 * eps);
        worst = Math.max(worst, Math.abs(grads.w.data[i] - d));
        scale = Math.max(scale, Math.abs(d));
        if (mask[i] === 0 && Math.abs(grads.w.data[i]) > 1e-2) unchosenLive++;
      }
      expect(scale).toBeGreaterThan(0.1);
      expect(worst / scale).toBeLessThan(1e-3);
      expect(unchosenLive).toBeGreaterThan(3);
    });
  }

  it('dopri5 adapts its steps to the tolerance and meets it', () => {
    const run = (rtol: number) => {
      const model = createContinuous(linearSpec({ method: 'dopri5', rtol, atol: rtol }), 2);
      const x = randn([3, 4], 3);
      const out = withArena(() => Float32Array.from(model.forward(model.params, x, { training: false, rng: model.rng }).data))();
      return { out, stats: model.lastSolve()! };
    };
    const loose = run(1e-2);
    const tight = run(1e-7);
    expect(tight.stats.steps).toBeGreaterThan(loose.stats.steps);
    let worst = 0;
    let big = 0;
    for (let i = 0; i < tight.out.length; i++) {
      worst = Math.max(worst, Math.abs(loose.out[i] - tight.out[i]));
      big = Math.max(big, Math.abs(tight.out[i]));
    }
    expect(worst).toBeLessThan(1e-2 * (1 + big));
  });

  // A node that starts at 0 with a zero input row makes batch norm steep near Z = 0 (it turns any
  // tiny input into unit-variance output), so an adaptive solver's step sizes, which follow the
  // weights but are constants to the tape, move the finite differences by more than the rule's
  // error. Batch norm is therefore checked through fixed-step rk4, the adaptive solver without it.
  const fdCases = [
    ['rk4, relu + batch norm', { method: 'rk4', steps: 4 }, 'batch', 1e-2],
    ['dopri5, relu', { method: 'dopri5', rtol: 1e-6, atol: 1e-6 }, 'none', 1e-2],
  ] as const;
  for (const [name, solver, norm, tol] of fdCases) {
    it(`${name}: gradients through the solver steps match finite differences`, () => {
      const spec: ContinuousSpec = { kind: 'continuous', inputs: 3, hidden: 4, outputs: 2, edges: 25, strategy: { name: 'dnw' }, solver, norm };
      const model = createModel(spec, 6);
      const p = model.params as DynamicParams;
      const x = randn([3, 6], 7);
      const { r, project } = projector([2, 6], 8);
      const ctx = { training: true, rng: model.rng };
      const [, grads] = valueAndGrad((q: DynamicParams) => sum(mul(model.forward(q, x, ctx), r)), { copyResults: true })(p);
      // Chosen edges only: a finite difference of an unchosen weight does not move the (masked) forward.
      const chosen = [...model.edgeSets[0].chosen.keys()].filter((i) => model.edgeSets[0].chosen[i] === 1);
      const numeric = numericGrad(() => withArena(() => project(model.forward(p, x, ctx)))(), p.w, chosen, 3e-3);
      const { rel, scale } = relError(grads.w.data, chosen, numeric);
      expect(scale).toBeGreaterThan(0.05);
      expect(rel).toBeLessThan(tol);
    });
  }

  it('learns a tiny task (dnw, dopri5 at the reference tolerances)', () => {
    const model = createContinuous({ kind: 'continuous', inputs: 16, hidden: 32, outputs: 4, edges: 270, strategy: { name: 'dnw' } }, 1);
    const { first, last, accuracy } = fit(model, blobs(7, 64, 16, 4), 40);
    expect(last).toBeLessThan(first * 0.5);
    expect(accuracy).toBeGreaterThan(0.9);
  });

  it('the arena absorbs a varying number of solver steps: later calls allocate less than the first', () => {
    const model = createContinuous({ kind: 'continuous', inputs: 8, hidden: 16, outputs: 3, edges: 120, strategy: { name: 'dnw' } }, 4);
    const data = blobs(3, 64, 8, 3);
    const opt = sgd({ lr: 0.1, momentum: 0.9 });
    const attempts = new Set<number>();
    let first = 0;
    let later = 0;
    for (let s = 0; s < 60; s++) {
      const before = arenaAllocations();
      const { grads } = lossAndGrad(model, data);
      const st = model.lastSolve()!;
      attempts.add(st.steps + st.rejected);
      if (s === 0) first = arenaAllocations() - before;
      else later += arenaAllocations() - before;
      opt.step(model.params, grads);
    }
    // The test only means something if the step count did vary.
    expect(attempts.size).toBeGreaterThan(1);
    // A longer solve adds buffers and a shifted sequence re-pairs a few by length, but nothing grows per step.
    expect(later).toBeLessThan(first);
  });

  it('is a function of its seed', () => {
    const spec: ContinuousSpec = { kind: 'continuous', inputs: 4, hidden: 6, outputs: 3, edges: 30, strategy: { name: 'random' } };
    const x = randn([4, 6], 1);
    const run = (seed: number) => {
      const m = createModel(spec, seed);
      return withArena(() => Array.from(m.forward(m.params, x, { training: false, rng: m.rng }).data))();
    };
    expect(run(9)).toEqual(run(9));
    expect(run(9)).not.toEqual(run(10));
  });

  it('a solve that needs more than maxSteps throws a clear error', () => {
    const model = createModel(
      { kind: 'continuous', inputs: 4, hidden: 4, outputs: 2, edges: 40, strategy: { name: 'complete' }, norm: 'none', activation: 'none', solver: { method: 'dopri5', rtol: 1e-8, atol: 1e-8, maxSteps: 3 } },
      1,
    );
    const p = model.params as DynamicParams;
    for (let i = 0; i < p.w.size; i++) p.w.data[i] *= 8;
    const x = tensor(randn([4, 2], 2).data, [4, 2]);
    expect(() => withArena(() => model.forward(p, x, { training: false, rng: model.rng }))()).toThrow(OdeSolveError);
    expect(() => withArena(() => model.forward(p, x, { training: false, rng: model.rng }))()).toThrow(/maxSteps = 3.*rk4/);
  });
});
