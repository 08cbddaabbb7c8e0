/**
 * What the page needs on top of @dnw/pipeline's wiring snapshots (edges sorted by (to, from)): the
 * graph's shape for the layout, and which edges entered and left between two snapshots.
 */
import type { ModelSummary, WiringSnapshot } from '@dnw/pipeline';

export interface GraphShape {
  /** Node counts of the blocks in order (inputs first, outputs last); they sum to the node count. */
  readonly blocks: readonly number[];
  /** Dynamic graphs (discrete, continuous) allow edges in any direction, self-loops included. */
  readonly dynamic: boolean;
}

export const shapeOf = (model: Pick<ModelSummary, 'blocks' | 'kind'>): GraphShape => ({
  blocks: model.blocks,
  dynamic: model.kind === 'discrete' || model.kind === 'continuous',
});

/**
 * The image grid behind the input nodes, when their count is a square (MNIST pooled to 3x3 or 7x7, or
 * its 28x28 pixels in a CLI run): input node i is pixel (i / side, i % side), row-major. Else null.
 */
export const inputSide = (shape: GraphShape): number | null => {
  const n = shape.blocks[0] ?? 0;
  const side = Math.round(Math.sqrt(n));
  return side >= 2 && side * side === n ? side : null;
};

export interface WiringDiff {
  /** Indices into the newer snapshot of edges it has and the older lacks. */
  readonly entered: Uint32Array;
  /** Indices into the older snapshot of edges it had and the newer lacks. */
  readonly left: Uint32Array;
}

/** Orders edges as the snapshots are sorted: by `to`, then by `from`. */
const compare = (a: WiringSnapshot, i: number, b: WiringSnapshot, j: number): number => a.to[i] - b.to[j] || a.from[i] - b.from[j];

/** Edges that entered and left between two snapshots: one merge pass over their sorted edges. */
export const diffWirings = (older: WiringSnapshot | null, newer: WiringSnapshot): WiringDiff => {
  if (older === null) return { entered: new Uint32Array(0), left: new Uint32Array(0) };
  const entered: number[] = [];
  const left: number[] = [];
  const n = older.from.length;
  const m = newer.from.length;
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    const c = i >= n ? 1 : j >= m ? -1 : compare(older, i, newer, j);
    if (c < 0) left.push(i++);
    else if (c > 0) entered.push(j++);
    else {
      i++;
      j++;
    }
  }
  return { entered: Uint32Array.from(entered), left: Uint32Array.from(left) };
};

/** One line about a node for the pointer's tooltip: its block, pixel if an input, and chosen edges. */
export const describeNode = (shape: GraphShape, wiring: WiringSnapshot | null, v: number): string => {
  let start = 0;
  let block = 0;
  while (block < shape.blocks.length - 1 && v >= start + shape.blocks[block]) start += shape.blocks[block++];
  const last = shape.blocks.length - 1;
  const side = inputSide(shape);
  const where =
    block === 0
      ? side !== null
        ? `input pixel (row ${Math.floor(v / side) + 1}, column ${(v % side) + 1})`
        : `input ${v - start + 1}`
      : block === last
        ? `output ${v - start} (class ${v - start})`
        : shape.dynamic
          ? `hidden node ${v - start + 1}`
          : `hidden block ${block}, node ${v - start + 1}`;
  let ins = 0;
  let outs = 0;
  if (wiring !== null) {
    for (let i = 0; i < wiring.from.length; i++) {
      if (wiring.to[i] === v) ins++;
      if (wiring.from[i] === v) outs++;
    }
  }
  return `node ${v} · ${where} · ${ins} in, ${outs} out`;
};
