import * as t from 'io-ts';
import { strategySpecCodec, withRangeCheck } from '../spec-codecs.js';
import type { StrategySpec } from '../strategy.js';

/**
 * A static neural graph of channel nodes (the paper's image models, section 1): a node's state is a
 * feature map, its op is norm -> ReLU -> depthwise 3x3 conv, and its input is still
 * I_v = sum_u w_uv Z_u, now with Z as [nodes, batch * height * width].
 */
export interface ChannelSpec {
  readonly kind: 'channel';
  /** The data's images: x is [channels * height * width, batch] (channel-major, then rows). */
  readonly image: { readonly channels: number; readonly height: number; readonly width: number };
  /** The stem's average-pooling factor (28 x 28 with 4 gives 7 x 7 maps); must divide height and width. */
  readonly pool: number;
  /** Input channel nodes: a 1x1 conv (with bias) of the pooled image. */
  readonly inputs: number;
  /** Hidden channel nodes in ordered blocks; edges run from any earlier block (or the inputs) to any later one. */
  readonly blocks: readonly number[];
  /** Output nodes, one per class: the global average of a node's input map is its logit. */
  readonly outputs: number;
  /** The edge budget k of the whole graph. */
  readonly edges: number;
  readonly strategy: StrategySpec;
  /**
   * The node's norm. 'instance' (default, the reference's InstanceNorm): each node's map of each
   * image normalised over its pixels, the same in training and evaluation. 'batch': each node
   * normalised over the batch and the pixels, with the batch's statistics in evaluation too.
   */
  readonly norm?: 'instance' | 'batch';
  /** A learned bias on the logits. Default true. */
  readonly outputBias?: boolean;
}

declare module '../model.js' {
  interface ModelKinds {
    channel: ChannelSpec;
  }
}

const posInt = (n: number): boolean => Number.isInteger(n) && n >= 1;

/** The first range problem of a channel-graph spec as `field: problem`, or null. */
export function checkChannelSpec(spec: ChannelSpec): string | null {
  const { channels, height, width } = spec.image;
  if (!posInt(channels)) return `image.channels: must be a positive integer, got ${channels}`;
  if (!posInt(height)) return `image.height: must be a positive integer, got ${height}`;
  if (!posInt(width)) return `image.width: must be a positive integer, got ${width}`;
  if (!posInt(spec.pool)) return `pool: must be a positive integer, got ${spec.pool}`;
  if (height % spec.pool !== 0 || width % spec.pool !== 0) return `pool: ${spec.pool} does not divide the ${height} x ${width} image`;
  if (!posInt(spec.inputs)) return `inputs: must be a positive integer, got ${spec.inputs}`;
  for (let i = 0; i < spec.blocks.length; i++) if (!posInt(spec.blocks[i])) return `blocks[${i}]: must be a positive integer, got ${spec.blocks[i]}`;
  if (!posInt(spec.outputs)) return `outputs: must be a positive integer, got ${spec.outputs}`;
  if (!(Number.isInteger(spec.edges) && spec.edges >= 0)) return `edges: must be a non-negative integer, got ${spec.edges}`;
  return null;
}

const channelBase = t.intersection([
  t.type({
    kind: t.literal('channel'),
    image: t.type({ channels: t.number, height: t.number, width: t.number }),
    pool: t.number,
    inputs: t.number,
    blocks: t.array(t.number),
    outputs: t.number,
    edges: t.number,
    strategy: strategySpecCodec,
  }),
  t.partial({ norm: t.keyof({ instance: null, batch: null }), outputBias: t.boolean }),
]);

export const channelSpecCodec: t.Type<ChannelSpec, ChannelSpec, unknown> = withRangeCheck<ChannelSpec>('ChannelSpec', channelBase, checkChannelSpec);
