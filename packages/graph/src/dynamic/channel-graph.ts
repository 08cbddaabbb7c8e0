import {
  add,
  addBias,
  depthwiseConv3x3,
  empty,
  matmul,
  mean,
  relu,
  reshape,
  rng as makeRng,
  ShapeError,
  showShape,
  slice,
  Tensor,
} from '@dnw/tensor';
import { chooseEdges, edgeProduct, makeEdgeSet, type PartLayout } from '../edges.js';
import { heNormal, zerosParam } from '../init.js';
import type { Model, ModelKind, ParamTree, RestoredStates } from '../model.js';
import { nodeBatchNorm } from '../norm.js';
import { channelSpecCodec, checkChannelSpec, type ChannelSpec } from './channel-spec.js';

/**
 * Params of a channel-node graph. Source block j is the inputs (j = 0) or hidden block j; it has
 * one 3x3 kernel per node and one weight matrix [nodes after block j, block j's size] holding
 * every edge out of it (the paper's appendix C layout: one product per block).
 */
export type ChannelParams = {
  /** The stem's 1x1 conv from the image channels to the input nodes, [inputs, channels]. */
  readonly stem: Tensor;
  readonly kernels: readonly Tensor[];
  readonly edges: readonly Tensor[];
  readonly bias?: Tensor;
};

/** The columns of the graph: inputs, hidden blocks, outputs. */
export const channelColumns = (spec: ChannelSpec): number[] => [spec.inputs, ...spec.blocks, spec.outputs];

/**
 * The paper's tiny image classifier as a static graph of channel nodes: a stem (average pooling,
 * then a 1x1 conv into the input nodes), then block by block every non-output node computes
 * Z = dwconv3x3(relu(norm(I))) and adds W_j Z into the pending inputs of all later nodes; an output
 * node's logit is the global average of its input map. One edge budget for the whole graph.
 *
 * Every non-output node, input nodes included, normalises its input (as the reference's first
 * block does), so with a one-channel image the stem only sets each input node's sign; what the
 * input nodes learn is their 3x3 kernels.
 */
export function createChannelGraph(spec: ChannelSpec, seed: number, restored?: RestoredStates): Model<ChannelSpec> {
  const problem = checkChannelSpec(spec);
  if (problem !== null) throw new RangeError(`channel spec: ${problem}`);
  const root = makeRng(seed);
  const initRng = root.fork();
  const wiringRng = root.fork();
  const trainRng = root.fork();

  const columns = channelColumns(spec);
  const starts: number[] = [];
  columns.reduce((acc, n) => (starts.push(acc), acc + n), 0);
  const count = starts[starts.length - 1] + spec.outputs;
  const sources = columns.length - 1;
  const { channels, height, width } = spec.image;
  const h = height / spec.pool;
  const w = width / spec.pool;

  const stem = heNormal(spec.inputs, channels, channels, initRng);
  const kernels: Tensor[] = [];
  const edges: Tensor[] = [];
  // One std for every edge, as in the static graph, so the top-k does not favour a block.
  const std = Math.sqrt(2 / (count - spec.outputs));
  for (let j = 0; j < sources; j++) {
    kernels.push(heNormal(columns[j], 9, 9, initRng));
    const rows = count - starts[j + 1];
    const data = new Float32Array(rows * columns[j]);
    initRng.fillNormal(data, 0, std);
    edges.push(new Tensor(data, [rows, columns[j]]));
  }
  const withBias = spec.outputBias ?? true;
  const params: ChannelParams = withBias ? { stem, kernels, edges, bias: zerosParam(spec.outputs) } : { stem, kernels, edges };

  const parts: PartLayout[] = edges.map((e, j) => ({
    path: `edges[${j}]`,
    rows: e.shape[0],
    cols: e.shape[1],
    toStart: starts[j + 1],
    fromStart: starts[j],
    weight: (p: unknown) => (p as ChannelParams).edges[j],
  }));
  const es = makeEdgeSet({ name: 'graph', parts, allowed: null, k: spec.edges, strategy: spec.strategy, rng: wiringRng.fork(), restored: restored?.[0] });
  // Instance norm is batch norm of the maps viewed as [nodes * batch, pixels]: one row per node and image.
  const instance = (spec.norm ?? 'instance') === 'instance';

  return {
    spec,
    params,
    edgeSets: [es],
    nodes: { count, inputs: spec.inputs, outputs: spec.outputs, columns },
    rng: trainRng,
    forward(p: ParamTree, x, ctx) {
      const ps = p as unknown as ChannelParams;
      chooseEdges(es, ps, ctx);
      const batch = x.shape[1];
      const dims = { batch, height: h, width: w };
      const norm = (input: Tensor) =>
        instance ? reshape(nodeBatchNorm(reshape(input, [input.shape[0] * batch, h * w])), input.shape) : nodeBatchNorm(input);
      const nodeOp = (input: Tensor, j: number) => depthwiseConv3x3(relu(norm(input)), ps.kernels[j], dims);
      let pending = matmul(ps.stem, poolImages(x, spec));
      for (let j = 0; j < sources; j++) {
        const size = columns[j];
        const z = nodeOp(j === 0 ? pending : slice(pending, 0, 0, size), j);
        const out = edgeProduct(es, j, ps.edges[j], z);
        pending = j === 0 ? out : add(slice(pending, 0, size, pending.shape[0]), out);
      }
      const logits = reshape(mean(reshape(pending, [spec.outputs * batch, h * w]), 1), [spec.outputs, batch]);
      return ps.bias === undefined ? logits : addBias(logits, ps.bias, 0);
    },
  };
}

/** The stem's average pooling of the data x [C*H*W, batch] into maps [C, batch*h*w] (a constant: no gradient). */
function poolImages(x: Tensor, spec: ChannelSpec): Tensor {
  const { channels, height, width } = spec.image;
  const features = channels * height * width;
  if (x.rank !== 2 || x.shape[0] !== features) {
    throw new ShapeError('channel graph', `data ${showShape(x.shape)} is not [${channels}*${height}*${width}, batch] = [${features}, batch]`, [
      x.shape,
      [features, -1],
    ]);
  }
  const batch = x.shape[1];
  const f = spec.pool;
  const h = height / f;
  const w = width / f;
  const out = empty([channels, batch * h * w]);
  const o = out.data;
  const xd = x.data;
  const inv = 1 / (f * f);
  for (let c = 0; c < channels; c++) {
    for (let b = 0; b < batch; b++) {
      const ob = (c * batch + b) * h * w;
      for (let i = 0; i < h; i++) {
        for (let j = 0; j < w; j++) {
          let s = 0;
          for (let di = 0; di < f; di++) {
            const row = c * height * width + (i * f + di) * width + j * f;
            for (let dj = 0; dj < f; dj++) s += xd[(row + dj) * batch + b];
          }
          o[ob + i * w + j] = s * inv;
        }
      }
    }
  }
  return out;
}

export const channelKind: ModelKind<ChannelSpec> = {
  kind: 'channel',
  codec: channelSpecCodec,
  create: createChannelGraph,
};
