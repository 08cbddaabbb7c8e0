import type { Model, ModelKind, RestoredStates } from '../model.js';
import { compactDynamic } from './compact-dynamic.js';
import { dynamicModel } from './dynamic-graph.js';
import { DEFAULT_STEPS, discreteSpecCodec, type DiscreteSpec } from './spec.js';

/**
 * A discrete-time dynamic neural graph (paper appendix B): Z(0) holds the data on the input nodes,
 * then all nodes update together T times, Z(t+1) = f(W_topk Z(t)), with the same chosen edges at
 * every step. The logits are the output nodes' inputs W Z(T-1) at the last step (readout 'input')
 * or their states Z(T) (readout 'state'). Backpropagation runs through all T steps.
 */
export function createDiscrete(spec: DiscreteSpec, seed: number, restored?: RestoredStates): Model<DiscreteSpec> {
  const steps = spec.steps ?? DEFAULT_STEPS;
  const readState = spec.readout === 'state';
  return dynamicModel(spec, seed, restored, (g, ps, x) => {
    let z = g.initialState(x);
    for (let t = 1; t <= steps; t++) {
      const i = g.inputsOf(ps, z);
      if (t === steps && !readState) return g.logits(ps, i);
      z = g.nodeOp(i, x);
    }
    return g.logits(ps, z);
  });
}

export const discreteKind: ModelKind<DiscreteSpec> = {
  kind: 'discrete',
  codec: discreteSpecCodec,
  create: createDiscrete,
  compact: (model) => compactDynamic(model, createDiscrete),
};
