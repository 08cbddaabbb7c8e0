import type { Model, RestoredStates } from '../model.js';
import { liveness, wiringOf } from '../wiring.js';
import type { DynamicParams } from './dynamic-graph.js';
import type { ContinuousSpec, DiscreteSpec } from './spec.js';

type DynamicSpec = DiscreteSpec | ContinuousSpec;

/**
 * A discrete- or continuous-time graph without its dead hidden nodes, for inference. A hidden node
 * with no chosen path from an input starts at 0 and stays there (norm and ReLU map 0 to 0, at every
 * step and every solver stage), so its out-edges add exact zeros; one with no chosen path to an output
 * never reaches the logits. Both go, with their edges; the rest keep their weights under a fixed mask.
 * Discrete time and fixed-step RK4 give exactly the same logits. Adaptive dopri5 measures its error
 * over all nodes, so dropping nodes changes its step sizes: the logits agree within the solver's
 * tolerance, not bit for bit.
 */
export function compactDynamic<S extends DynamicSpec>(model: Model<S>, create: (spec: S, seed: number, restored?: RestoredStates) => Model<S>): Model<S> {
  const spec = model.spec;
  const params = model.params as unknown as DynamicParams;
  const n = model.nodes.count;
  const { live } = liveness(model);
  // Inputs and outputs are the data and the readout: always kept, in place.
  const kept: number[] = [];
  for (let v = 0; v < n; v++) if (v < spec.inputs || v >= n - spec.outputs || live[v] === 1) kept.push(v);
  const m = kept.length;
  const chosen = new Uint8Array(n * n);
  for (const i of wiringOf(model).sets[0].index) chosen[i] = 1;

  const mask = new Uint8Array(m * m);
  const w = new Float32Array(m * m);
  let edges = 0;
  kept.forEach((to, r) => {
    kept.forEach((from, c) => {
      w[r * m + c] = params.w.data[to * n + from];
      // Edges touching a dropped node go with it: out of it they carry a zero state (no path from
      // an input; a node with one that feeds a kept node would itself reach the logits), into it
      // they feed nothing that reaches the logits.
      if (chosen[to * n + from] === 1) {
        mask[r * m + c] = 1;
        edges++;
      }
    });
  });
  const out = create({ ...spec, hidden: m - spec.inputs - spec.outputs, edges, strategy: { name: 'fixed' } }, 0, [{ mask }]);
  const outParams = out.params as unknown as DynamicParams;
  outParams.w.data.set(w);
  if (params.b !== undefined && outParams.b !== undefined) outParams.b.data.set(params.b.data);
  return out;
}
