import type { Tensor } from '@dnw/tensor';
import type { Model, ModelKind, RestoredStates } from '../model.js';
import { compactDynamic } from './compact-dynamic.js';
import { dynamicModel } from './dynamic-graph.js';
import { dopri5, rk4, type OdeStats } from './ode.js';
import { continuousSpecCodec, DEFAULT_SOLVER, type ContinuousSpec } from './spec.js';

export interface ContinuousModel extends Model<ContinuousSpec> {
  /** Steps, rejections and field evaluations of the last forward pass (null before the first). */
  lastSolve(): OdeStats | null;
}

/**
 * A continuous-time dynamic neural graph (paper appendix B): dZ/dt = f(W_topk Z) from t = 0 to 1
 * with Z(0) the data on the input nodes, solved by adaptive Dormand-Prince 5(4) (default, rtol =
 * atol = 1e-3 as the reference) or fixed-step RK4. The edges are chosen once per forward pass, so
 * every stage of every step sees the same graph. Gradients backpropagate through the solver steps.
 * Clamped input nodes have zero derivative (they stay the data).
 */
export function createContinuous(spec: ContinuousSpec, seed: number, restored?: RestoredStates): ContinuousModel {
  const solver = spec.solver ?? DEFAULT_SOLVER;
  const readState = spec.readout === 'state';
  let stats: OdeStats | null = null;
  const model = dynamicModel(spec, seed, restored, (g, ps, x) => {
    const field = (z: Tensor): Tensor => g.nodeOp(g.inputsOf(ps, z), null);
    const z0 = g.initialState(x);
    const solved =
      solver.method === 'rk4'
        ? rk4(field, z0, { steps: solver.steps })
        : dopri5(field, z0, { rtol: solver.rtol ?? 1e-3, atol: solver.atol ?? 1e-3, maxSteps: solver.maxSteps ?? 1000 });
    stats = solved.stats;
    return g.logits(ps, readState ? solved.z : g.inputsOf(ps, solved.z));
  });
  return { ...model, lastSolve: () => stats };
}

export const continuousKind: ModelKind<ContinuousSpec> = {
  kind: 'continuous',
  codec: continuousSpecCodec,
  create: createContinuous,
  compact: (model) => compactDynamic(model, createContinuous),
};
