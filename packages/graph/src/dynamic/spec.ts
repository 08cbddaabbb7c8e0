import * as t from 'io-ts';
import { strategySpecCodec, withRangeCheck } from '../spec-codecs.js';
import type { StrategySpec } from '../strategy.js';

/**
 * Specs of the dynamic neural graphs (paper appendix B): every node updates at once from one square
 * weight matrix W [nodes, nodes] with a single budget k; cycles and self-loops are allowed.
 */
export interface DynamicGraphSpec {
  /** Input nodes: the data features. Their states at t = 0 are the data; every other node starts at 0. */
  readonly inputs: number;
  readonly hidden: number;
  /** Output nodes (one per class): the readout. */
  readonly outputs: number;
  /** The edge budget k over the whole N x N matrix. */
  readonly edges: number;
  readonly strategy: StrategySpec;
  /** The node op is activation(norm(I)); 'batch' normalises each node over the batch. Default 'batch'. */
  readonly norm?: 'batch' | 'none';
  /** Default 'relu'. 'none' makes the dynamics linear (useful to check solvers against expm). */
  readonly activation?: 'relu' | 'none';
  /**
   * Default false (the reference): the data is only the initial state and input nodes evolve like any
   * other node; every position of W may hold an edge. true: input nodes stay equal to the data for
   * all t and edges INTO them are not allowed (they would spend budget and carry nothing).
   */
  readonly clampInputs?: boolean;
  /**
   * What the logits are. 'input' (default): the output nodes' inputs I = W Z at the end (signed, like
   * the static graph's output nodes). 'state': the output nodes' states at the end.
   */
  readonly readout?: 'input' | 'state';
  /** A learned bias on the logits. Default true. */
  readonly outputBias?: boolean;
}

/** Discrete time: Z(t+1) = f(W_topk Z(t)) for `steps` steps with shared weights. */
export interface DiscreteSpec extends DynamicGraphSpec {
  readonly kind: 'discrete';
  /** T, the number of synchronous updates. Default 5 (the reference). */
  readonly steps?: number;
}

export type SolverSpec =
  | { readonly method: 'rk4'; readonly steps: number }
  | { readonly method: 'dopri5'; readonly rtol?: number; readonly atol?: number; readonly maxSteps?: number };

/** Continuous time: dZ/dt = f(W_topk Z(t)) from t = 0 to 1. */
export interface ContinuousSpec extends DynamicGraphSpec {
  readonly kind: 'continuous';
  /** Default dopri5 with rtol = atol = 1e-3 and at most 1000 step attempts (the reference's tolerances). */
  readonly solver?: SolverSpec;
}

declare module '../model.js' {
  interface ModelKinds {
    discrete: DiscreteSpec;
    continuous: ContinuousSpec;
  }
}

export const DEFAULT_STEPS = 5;
export const DEFAULT_SOLVER: SolverSpec = { method: 'dopri5', rtol: 1e-3, atol: 1e-3, maxSteps: 1000 };

const posInt = (n: number): boolean => Number.isInteger(n) && n >= 1;

/** The first range problem of a dynamic graph spec as `field: problem`, or null. */
export function checkDynamicSpec(spec: DiscreteSpec | ContinuousSpec): string | null {
  if (!posInt(spec.inputs)) return `inputs: must be a positive integer, got ${spec.inputs}`;
  if (!(Number.isInteger(spec.hidden) && spec.hidden >= 0)) return `hidden: must be a non-negative integer, got ${spec.hidden}`;
  if (!posInt(spec.outputs)) return `outputs: must be a positive integer, got ${spec.outputs}`;
  if (!(Number.isInteger(spec.edges) && spec.edges >= 0)) return `edges: must be a non-negative integer, got ${spec.edges}`;
  if (spec.kind === 'discrete' && spec.steps !== undefined && !posInt(spec.steps)) return `steps: must be a positive integer, got ${spec.steps}`;
  if (spec.kind === 'continuous' && spec.solver !== undefined) {
    const s = spec.solver;
    if (s.method === 'rk4' && !posInt(s.steps)) return `solver.steps: must be a positive integer, got ${s.steps}`;
    if (s.method === 'dopri5') {
      if (s.rtol !== undefined && !(s.rtol >= 0)) return `solver.rtol: must be >= 0, got ${s.rtol}`;
      if (s.atol !== undefined && !(s.atol >= 0)) return `solver.atol: must be >= 0, got ${s.atol}`;
      if ((s.rtol ?? 1e-3) + (s.atol ?? 1e-3) <= 0) return `solver.rtol: rtol and atol cannot both be 0`;
      if (s.maxSteps !== undefined && !posInt(s.maxSteps)) return `solver.maxSteps: must be a positive integer, got ${s.maxSteps}`;
    }
  }
  return null;
}

const common = {
  inputs: t.number,
  hidden: t.number,
  outputs: t.number,
  edges: t.number,
  strategy: strategySpecCodec,
};
const commonOptional = {
  norm: t.keyof({ batch: null, none: null }),
  activation: t.keyof({ relu: null, none: null }),
  clampInputs: t.boolean,
  readout: t.keyof({ input: null, state: null }),
  outputBias: t.boolean,
};

const solverCodec = t.union([
  t.type({ method: t.literal('rk4'), steps: t.number }),
  t.intersection([t.type({ method: t.literal('dopri5') }), t.partial({ rtol: t.number, atol: t.number, maxSteps: t.number })]),
]);

const discreteBase = t.intersection([
  t.type({ kind: t.literal('discrete'), ...common }),
  t.partial({ ...commonOptional, steps: t.number }),
]);
const continuousBase = t.intersection([
  t.type({ kind: t.literal('continuous'), ...common }),
  t.partial({ ...commonOptional, solver: solverCodec }),
]);

export const discreteSpecCodec: t.Type<DiscreteSpec, DiscreteSpec, unknown> = withRangeCheck<DiscreteSpec>('DiscreteSpec', discreteBase, checkDynamicSpec);
export const continuousSpecCodec: t.Type<ContinuousSpec, ContinuousSpec, unknown> = withRangeCheck<ContinuousSpec>(
  'ContinuousSpec',
  continuousBase,
  checkDynamicSpec,
);
