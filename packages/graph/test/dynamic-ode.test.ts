import { describe, expect, it } from 'vitest';
import { matmul, mul, sum, valueAndGrad, withArena, type Tensor } from '@dnw/tensor';
import { dopri5, OdeSolveError, rk4 } from '../src/dynamic/ode.js';
import { apply, expm, numericGrad, projector, randn, relError } from './dynamic-helpers.js';

/** dz/dt = A z: z(1) = expm(A) z(0) exactly. */
const linear = (a: Tensor) => (z: Tensor) => matmul(a, z);

const maxAbsDiff = (got: Float32Array, want: Float64Array) => {
  let d = 0;
  for (let i = 0; i < want.length; i++) d = Math.max(d, Math.abs(got[i] - want[i]));
  return d;
};

const setup = (scale: number) => {
  const a = randn([5, 5], 11, scale / Math.sqrt(5));
  const z0 = randn([5, 3], 12);
  const exact = apply(expm(Float64Array.from(a.data), 5), z0);
  return { a, z0, exact };
};

describe('ODE solvers on a linear system (closed form expm(A) z0)', () => {
  it('rk4 converges at fourth order', () => {
    const { a, z0, exact } = setup(1.5);
    const run = (steps: number) => withArena(() => maxAbsDiff(rk4(linear(a), z0, { steps }).z.data, exact))();
    const e4 = run(4);
    const e8 = run(8);
    expect(e8).toBeLessThan(5e-5);
    // Halving h divides a fourth-order method's error by about 16.
    expect(e4 / e8).toBeGreaterThan(10);
    expect(run(64)).toBeLessThan(5e-6);
  });

  it('dopri5 meets its tolerance and adapts its step count', () => {
    const { a, z0, exact } = setup(1.5);
    const solve = (tol: number, aa: Tensor = a) => withArena(() => {
      const r = dopri5(linear(aa), z0, { rtol: tol, atol: tol });
      return { err: maxAbsDiff(r.z.data, aa === a ? exact : apply(expm(Float64Array.from(aa.data), 5), z0)), stats: r.stats };
    })();
    const loose = solve(1e-3);
    const tight = solve(1e-6);
    let zmax = 0;
    for (const v of exact) zmax = Math.max(zmax, Math.abs(v));
    // Local control keeps the global error near the tolerance scale (atol + rtol |z|).
    expect(loose.err).toBeLessThan(1e-3 * (1 + zmax));
    expect(tight.err).toBeLessThan(1e-5 * (1 + zmax));
    expect(tight.stats.steps).toBeGreaterThan(loose.stats.steps);
    // Faster dynamics need more steps at the same tolerance.
    const fast = randn([5, 5], 11, 6 / Math.sqrt(5));
    const quick = solve(1e-4, fast);
    const slow = solve(1e-4);
    expect(quick.stats.steps).toBeGreaterThan(slow.stats.steps);
    expect(quick.err).toBeLessThan(1e-3 * (1 + zmax) * 50);
    // FSAL: 6 new evaluations per attempt, plus the first stage and the initial-step probe.
    expect(tight.stats.evaluations).toBe(6 * (tight.stats.steps + tight.stats.rejected) + 2);
  });

  it('dopri5 throws a clear error when it runs out of steps', () => {
    const a = randn([5, 5], 3, 40 / Math.sqrt(5));
    const z0 = randn([5, 2], 4);
    expect(() => withArena(() => dopri5(linear(a), z0, { rtol: 1e-6, atol: 1e-6, maxSteps: 20 }))()).toThrow(OdeSolveError);
    expect(() => withArena(() => dopri5(linear(a), z0, { rtol: 1e-6, atol: 1e-6, maxSteps: 20 }))()).toThrow(/maxSteps = 20/);
  });

  for (const method of ['rk4', 'dopri5'] as const) {
    it(`${method}: gradients through the solver steps match finite differences`, () => {
      const a = randn([4, 4], 21, 1 / 2);
      const z0 = randn([4, 3], 22);
      const { r, project } = projector([4, 3], 5);
      const solve = (aa: Tensor) => (method === 'rk4' ? rk4(linear(aa), z0, { steps: 6 }) : dopri5(linear(aa), z0, { rtol: 1e-6, atol: 1e-6 })).z;
      const [, g] = valueAndGrad((p: { a: Tensor }) => sum(mul(solve(p.a), r)), { copyResults: true })({ a });
      const entries = Array.from({ length: 16 }, (_, i) => i);
      const numeric = numericGrad(() => withArena(() => project(solve(a)))(), a, entries);
      const { rel, scale } = relError(g.a.data, entries, numeric);
      expect(scale).toBeGreaterThan(0.1);
      expect(rel).toBeLessThan(method === 'rk4' ? 2e-3 : 1e-2);
    });
  }

  it('rejected attempts leave no trace in the result or the gradient', () => {
    const a = randn([4, 4], 41, 4 / 2);
    const z0 = randn([4, 2], 42);
    const exact = apply(expm(Float64Array.from(a.data), 4), z0);
    // A first step of the whole interval is far too large for these dynamics: it must be rejected.
    const opts = { rtol: 1e-6, atol: 1e-6, firstStep: 1 };
    const solved = withArena(() => {
      const r = dopri5(linear(a), z0, opts);
      return { err: maxAbsDiff(r.z.data, exact), stats: r.stats };
    })();
    expect(solved.stats.rejected).toBeGreaterThan(0);
    let zmax = 0;
    for (const v of exact) zmax = Math.max(zmax, Math.abs(v));
    expect(solved.err).toBeLessThan(1e-4 * (1 + zmax));
    const { r, project } = projector([4, 2], 9);
    const [, g] = valueAndGrad((p: { a: Tensor }) => sum(mul(dopri5(linear(p.a), z0, opts).z, r)), { copyResults: true })({ a });
    const entries = Array.from({ length: 16 }, (_, i) => i);
    const numeric = numericGrad(() => withArena(() => project(dopri5(linear(a), z0, opts).z))(), a, entries, 1e-3);
    const { rel, scale } = relError(g.a.data, entries, numeric);
    expect(scale).toBeGreaterThan(0.1);
    expect(rel).toBeLessThan(1e-2);
  });

  it('gradients reach z(0) through every step', () => {
    const a = randn([4, 4], 31, 1 / 2);
    const z0 = randn([4, 2], 32);
    const { r, project } = projector([4, 2], 6);
    const [, g] = valueAndGrad((p: { z: Tensor }) => sum(mul(dopri5(linear(a), p.z, { rtol: 1e-6, atol: 1e-6 }).z, r)), {
      copyResults: true,
    })({ z: z0 });
    const entries = Array.from({ length: 8 }, (_, i) => i);
    const numeric = numericGrad(() => withArena(() => project(dopri5(linear(a), z0, { rtol: 1e-6, atol: 1e-6 }).z))(), z0, entries);
    expect(relError(g.z.data, entries, numeric).rel).toBeLessThan(1e-2);
  });
});
