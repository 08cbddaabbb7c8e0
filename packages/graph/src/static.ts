import { add, addBias, batchNorm, relu, rng as makeRng, Tensor, zeros } from '@dnw/tensor';
import { chooseEdges, edgeProduct, makeEdgeSet, type PartLayout } from './edges.js';
import { zerosParam } from './init.js';
import { residentFloats, residentTensor } from './resident.js';
import type { Model, ParamTree, RestoredStates, StaticSpec } from './model.js';
import { checkStaticSpec } from './spec-codecs.js';

/**
 * Params of a static graph: one weight matrix per (source block, target block) pair, shaped
 * [target size, source size], in `staticPairs` order, and the logits' bias.
 */
export type StaticParams = {
  readonly edges: readonly Tensor[];
  readonly bias?: Tensor;
};

/** Batch-norm running statistics, one tensor per hidden block (PyTorch: mean 0 and variance 1 at start). */
export type StaticBuffers = {
  readonly runningMean: readonly Tensor[];
  readonly runningVar: readonly Tensor[];
};

/** PyTorch's BatchNorm momentum: running = (1 - m) running + m batch. */
export const NORM_MOMENTUM = 0.1;
export const NORM_EPS = 1e-5;

/** One weight matrix of a static graph: edges from block `from` to block `to`. */
export interface BlockPair {
  /** Source block: 0 = the inputs, 1..blocks = hidden blocks. */
  readonly from: number;
  /** Target block: 1..blocks = hidden blocks, blocks + 1 = the outputs. */
  readonly to: number;
}

/** The columns of the graph: inputs, hidden blocks, outputs (block b is column b). */
export const staticColumns = (spec: StaticSpec): number[] => [spec.inputs, ...spec.blocks, spec.outputs];

/**
 * Every weight matrix of the graph. Forward pairs (from < to) always; with
 * `maskBackwardEdges: false` also the backward and same-block pairs of the reference's layout,
 * which compete for the budget but are never multiplied (their edges carry nothing).
 */
export function staticPairs(spec: StaticSpec): BlockPair[] {
  const last = spec.blocks.length + 1;
  const masked = spec.maskBackwardEdges ?? true;
  const pairs: BlockPair[] = [];
  for (let from = 0; from < last; from++) {
    for (let to = masked ? from + 1 : 1; to <= last; to++) pairs.push({ from, to });
  }
  return pairs;
}

/**
 * A static neural graph (paper section 1) run block by block (appendix C): each block's inputs are
 * complete once every earlier block has been multiplied into them, so the forward is a chain of
 * sparse products, one per (source, target) pair, all drawing on one edge budget for the graph.
 */
export function createStatic(spec: StaticSpec, seed: number, restored?: RestoredStates): Model<StaticSpec> {
  const problem = checkStaticSpec(spec);
  if (problem !== null) throw new RangeError(`static spec: ${problem}`);
  const root = makeRng(seed);
  const initRng = root.fork();
  const wiringRng = root.fork();
  const trainRng = root.fork();

  const columns = staticColumns(spec);
  const starts: number[] = [];
  columns.reduce((acc, n) => (starts.push(acc), acc + n), 0);
  const count = starts[starts.length - 1] + spec.outputs;
  const pairs = staticPairs(spec);
  // One std for every edge, so no block is favoured when the top-k compares edges across blocks.
  const std = Math.sqrt(2 / (count - spec.outputs));
  // One buffer, pair after pair in edge-set order: the top-k reads it in place instead of gathering.
  const all = residentFloats(pairs.reduce((n, { from, to }) => n + columns[to] * columns[from], 0));
  let at = 0;
  const edges = pairs.map(({ from, to }) => {
    const data = all.subarray(at, at + columns[to] * columns[from]);
    at += data.length;
    initRng.fillNormal(data, 0, std);
    return new Tensor(data, [columns[to], columns[from]]);
  });
  const withBias = spec.outputBias ?? true;
  const params: StaticParams = withBias ? { edges, bias: residentTensor(zerosParam(spec.outputs)) } : { edges };

  const parts: PartLayout[] = pairs.map(({ from, to }, i) => ({
    path: `edges[${i}]`,
    rows: columns[to],
    cols: columns[from],
    toStart: starts[to],
    fromStart: starts[from],
    inert: from >= to,
    weight: (p: unknown) => (p as StaticParams).edges[i],
  }));
  const es = makeEdgeSet({ name: 'graph', parts, allowed: null, k: spec.edges, strategy: spec.strategy, rng: wiringRng.fork(), restored: restored?.[0] });
  const norm = spec.norm ?? 'batch';
  const buffers: StaticBuffers | undefined =
    norm === 'batch'
      ? {
          runningMean: spec.blocks.map((n) => new Tensor(new Float32Array(n), [n])),
          runningVar: spec.blocks.map((n) => new Tensor(new Float32Array(n).fill(1), [n])),
        }
      : undefined;
  const batchStats = spec.blocks.map((n) => ({ mean: new Float32Array(n), variance: new Float32Array(n) }));
  const normalise = (input: Tensor, b: number, training: boolean): Tensor => {
    if (buffers === undefined) return input;
    const mean = buffers.runningMean[b - 1].data;
    const variance = buffers.runningVar[b - 1].data;
    if (!training) return batchNorm(input, { axis: 0, eps: NORM_EPS, running: { mean, variance } });
    const stats = batchStats[b - 1];
    const out = batchNorm(input, { axis: 0, eps: NORM_EPS, stats });
    const n = input.shape[1];
    updateRunning(mean, variance, stats.mean, stats.variance, n > 1 ? n / (n - 1) : 1);
    return out;
  };
  const last = spec.blocks.length + 1;
  // Pairs grouped by source, in pair order: a block's products go out as soon as its state exists.
  const outOf: number[][] = Array.from({ length: last + 1 }, () => []);
  pairs.forEach(({ from, to }, i) => {
    if (from < to) outOf[from].push(i);
  });
  // The pending inputs of every block not yet computed (appendix C); reused across forwards.
  const pending: (Tensor | null)[] = new Array(last + 1).fill(null);

  return {
    spec,
    params,
    ...(buffers === undefined ? {} : { buffers }),
    edgeSets: [es],
    nodes: { count, inputs: spec.inputs, outputs: spec.outputs, columns },
    rng: trainRng,
    forward(p: ParamTree, x, ctx) {
      const ps = p as unknown as StaticParams;
      chooseEdges(es, ps, ctx);
      const batch = x.shape[1];
      pending.fill(null);
      // Block b's state is multiplied into the pending inputs of every later block; since sources
      // are visited in order, each block's input is complete when its turn comes.
      const emit = (from: number, state: Tensor): void => {
        for (const i of outOf[from]) {
          const to = pairs[i].to;
          const contribution = edgeProduct(es, i, ps.edges[i], state);
          const acc = pending[to];
          pending[to] = acc === null ? contribution : add(acc, contribution);
        }
      };
      const inputOf = (to: number): Tensor => pending[to] ?? zeros([columns[to], batch]);
      emit(0, x);
      for (let b = 1; b < last; b++) {
        emit(b, relu(normalise(inputOf(b), b, ctx.training)));
        pending[b] = null;
      }
      const logits = inputOf(last);
      pending[last] = null;
      return ps.bias === undefined ? logits : addBias(logits, ps.bias, 0);
    },
  };
}

/** Running averages with PyTorch's rule; the variance average takes the unbiased batch variance. */
function updateRunning(mean: Float32Array, variance: Float32Array, batchMean: Float32Array, batchVar: Float32Array, unbias: number): void {
  const m = NORM_MOMENTUM;
  for (let i = 0; i < mean.length; i++) {
    mean[i] = (1 - m) * mean[i] + m * batchMean[i];
    variance[i] = (1 - m) * variance[i] + m * batchVar[i] * unbias;
  }
}
