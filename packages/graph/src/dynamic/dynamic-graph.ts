import { addBias, empty, relu, rng as makeRng, ShapeError, showShape, slice, type Rng, type Tensor } from '@dnw/tensor';
import { chooseEdges, edgeProduct, makeEdgeSet } from '../edges.js';
import { heNormal, zerosParam } from '../init.js';
import { nodeBatchNorm } from '../norm.js';
import type { ForwardContext, Model, NodeLayout, ParamTree, RestoredStates } from '../model.js';
import type { EdgeSet } from '../strategy.js';
import { clampRows } from './combine.js';
import { checkDynamicSpec, type ContinuousSpec, type DiscreteSpec, type DynamicGraphSpec } from './spec.js';

/** Params of a dynamic graph: the square edge weights W [to, from] and the logits' bias. */
export type DynamicParams = { readonly w: Tensor; readonly b?: Tensor };

/**
 * What the discrete- and continuous-time graphs share: the node layout (inputs first, outputs last),
 * one edge set over all N x N positions, Z(0), the node op and the readout. The two kinds differ
 * only in how the state moves from t = 0 to the end.
 */
export interface DynamicGraph {
  readonly params: DynamicParams;
  readonly edgeSet: EdgeSet;
  readonly nodes: NodeLayout;
  /** The model's per-step randomness (dropout strategies). */
  readonly rng: Rng;
  /** Refresh the chosen edges once per forward pass: every step then uses the same W_topk. */
  choose(p: DynamicParams, ctx: ForwardContext): void;
  /** Z(0) [N, batch]: the data x [inputs, batch] on the input nodes, zeros elsewhere. */
  initialState(x: Tensor): Tensor;
  /** I = W_chosen Z: every node's input, with DNW's straight-through weight gradient. */
  inputsOf(p: DynamicParams, z: Tensor): Tensor;
  /** f(I) = activation(norm(I)); clamped input nodes take `clamp`'s rows (null: zeros). */
  nodeOp(i: Tensor, clamp: Tensor | null): Tensor;
  /** Logits [outputs, batch] from the final inputs I (readout 'input') or states Z (readout 'state'). */
  logits(p: DynamicParams, m: Tensor): Tensor;
}

export function createDynamicGraph(spec: DynamicGraphSpec, seed: number, restored?: RestoredStates): DynamicGraph {
  const n = spec.inputs + spec.hidden + spec.outputs;
  const clamp = spec.clampInputs === true;
  const norm = spec.norm ?? 'batch';
  const activation = spec.activation ?? 'relu';
  const root = makeRng(seed);
  const initRng = root.fork();
  const wiringRng = root.fork();
  const trainRng = root.fork();
  // Fan-in N, as the reference's init over the whole matrix: the chosen edges are the tail of this
  // distribution, so at a few percent density a node's input keeps unit-order variance.
  const w = heNormal(n, n, n, initRng);
  const params: DynamicParams = spec.outputBias === false ? { w } : { w, b: zerosParam(spec.outputs) };
  let allowed: Uint8Array | null = null;
  if (clamp) {
    allowed = new Uint8Array(n * n).fill(1);
    allowed.fill(0, 0, spec.inputs * n);
  }
  const edgeSet = makeEdgeSet({
    name: 'graph',
    parts: [{ path: 'w', rows: n, cols: n, toStart: 0, fromStart: 0, weight: (p) => (p as DynamicParams).w }],
    allowed,
    k: spec.edges,
    strategy: spec.strategy,
    rng: wiringRng,
    restored: restored?.[0],
  });
  const columns = [spec.inputs, spec.hidden, spec.outputs].filter((c) => c > 0);
  return {
    params,
    edgeSet,
    nodes: { count: n, inputs: spec.inputs, outputs: spec.outputs, columns },
    rng: trainRng,
    choose(p, ctx) {
      chooseEdges(edgeSet, p, ctx);
    },
    initialState(x) {
      if (x.rank !== 2 || x.shape[0] !== spec.inputs) {
        throw new ShapeError('dynamic graph', `data ${showShape(x.shape)} does not match ${spec.inputs} input nodes: expected [${spec.inputs}, batch]`, [
          x.shape,
          [spec.inputs, -1],
        ]);
      }
      const z = empty([n, x.shape[1]]);
      z.data.set(x.data);
      z.data.fill(0, x.size);
      return z;
    },
    inputsOf(p, z) {
      return edgeProduct(edgeSet, 0, p.w, z);
    },
    nodeOp(i, source) {
      let z = norm === 'batch' ? nodeBatchNorm(i) : i;
      if (activation === 'relu') z = relu(z);
      return clamp ? clampRows(z, spec.inputs, source) : z;
    },
    logits(p, m) {
      const out = slice(m, 0, n - spec.outputs, n);
      return p.b === undefined ? out : addBias(out, p.b, 0);
    },
  };
}

/**
 * A discrete- or continuous-time model: checks the spec (a RangeError naming the kind), builds its
 * graph, and on each forward pass chooses the edges before `pass` moves the state from the data to
 * the logits.
 */
export function dynamicModel<S extends DiscreteSpec | ContinuousSpec>(
  spec: S,
  seed: number,
  restored: RestoredStates | undefined,
  pass: (g: DynamicGraph, p: DynamicParams, x: Tensor) => Tensor,
): Model<S> {
  const problem = checkDynamicSpec(spec);
  if (problem !== null) throw new RangeError(`${spec.kind} spec: ${problem}`);
  const g = createDynamicGraph(spec, seed, restored);
  return {
    spec,
    params: g.params,
    edgeSets: [g.edgeSet],
    nodes: g.nodes,
    rng: g.rng,
    forward(p: ParamTree, x: Tensor, ctx: ForwardContext) {
      const ps = p as unknown as DynamicParams;
      g.choose(ps, ctx);
      return pass(g, ps, x);
    },
  };
}
