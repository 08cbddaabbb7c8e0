/**
 * Where each node sits, in CSS pixels. A static graph or layered network gets one column per block
 * (inputs left, outputs right). A dynamic graph (discrete or continuous time) has one pool of hidden
 * nodes wired in every direction, so its hidden nodes sit on a ring between the input and output
 * columns, where an edge in either direction is a visible chord. Pure geometry, tested without a canvas.
 */
import type { GraphShape } from './wiring.js';

export interface Layout {
  readonly x: Float32Array;
  readonly y: Float32Array;
  /** Block index of every node. */
  readonly block: Uint16Array;
  /** The usual node radius (self-loops and ring spacing use it). */
  readonly radius: number;
  /** Each node's radius: smaller in a column too dense for the usual one (784 pixel inputs). */
  readonly nodeRadius: Float32Array;
  /** Centre of the hidden ring of a dynamic graph (self-loops point away from it), else null. */
  readonly ring: { readonly x: number; readonly y: number; readonly r: number } | null;
  readonly width: number;
  readonly height: number;
}

const PAD = 16;

/** Nodes of one column centred at x, spaced by at most `gap`, within [top, top + usable]; returns the spacing used. */
const placeColumn = (x: Float32Array, y: Float32Array, start: number, count: number, cx: number, top: number, usable: number, gap: number): number => {
  const g = count > 1 ? Math.min(gap, usable / (count - 1)) : gap;
  const first = top + (usable - g * (count - 1)) / 2;
  for (let i = 0; i < count; i++) {
    x[start + i] = cx;
    y[start + i] = first + g * i;
  }
  return g;
};

/** The usual radius, shrunk where a column's spacing would make neighbours overlap. */
const radii = (blocks: readonly number[], spacing: readonly number[], radius: number): Float32Array => {
  const r = new Float32Array(blocks.reduce((a, b) => a + b, 0));
  let v = 0;
  blocks.forEach((count, b) => r.fill(Math.max(0.8, Math.min(radius, spacing[b] * 0.4)), v, (v += count)));
  return r;
};

export const layoutNodes = (shape: GraphShape, width: number, height: number): Layout => {
  const nodes = shape.blocks.reduce((a, b) => a + b, 0);
  const x = new Float32Array(nodes);
  const y = new Float32Array(nodes);
  const block = new Uint16Array(nodes);
  let v = 0;
  shape.blocks.forEach((count, b) => block.fill(b, v, (v += count)));
  const columns = shape.blocks.length;
  const padX = Math.min(60, width * 0.08);
  const usable = Math.max(1, height - 2 * PAD);

  if (shape.dynamic && columns === 3) {
    const [inputs, hidden, outputs] = shape.blocks;
    const r = Math.max(10, Math.min((width - 2 * padX) * 0.3, usable / 2 - 10));
    const cx = width / 2;
    const cy = PAD + usable / 2;
    const sideGap = usable / Math.max(inputs, outputs, 8);
    const inGap = placeColumn(x, y, 0, inputs, padX, PAD, usable, sideGap);
    for (let i = 0; i < hidden; i++) {
      const a = -Math.PI / 2 + (2 * Math.PI * i) / hidden;
      x[inputs + i] = cx + r * Math.cos(a);
      y[inputs + i] = cy + r * Math.sin(a);
    }
    const outGap = placeColumn(x, y, inputs + hidden, outputs, width - padX, PAD, usable, sideGap);
    const arc = (2 * Math.PI * r) / Math.max(1, hidden);
    const radius = Math.max(1.5, Math.min(6, arc * 0.3));
    return { x, y, block, radius, nodeRadius: radii(shape.blocks, [inGap, arc, outGap], radius), ring: { x: cx, y: cy, r }, width, height };
  }

  // Spacing is set by a typical column (the upper median), so one huge column (784 pixel inputs)
  // does not squeeze the others into slivers: every column fills the height up to twice that
  // spacing, and short columns (10 outputs) stay compact instead of spreading over the whole height.
  const sorted = [...shape.blocks].sort((a, b) => a - b);
  const typical = Math.max(2, sorted[Math.floor(sorted.length / 2)] ?? 2);
  const gap = usable / (typical - 1);
  let start = 0;
  const spacing = shape.blocks.map((count, c) => {
    const cx = columns === 1 ? width / 2 : padX + ((width - 2 * padX) * c) / (columns - 1);
    const g = placeColumn(x, y, start, count, cx, PAD, usable, 2 * gap);
    start += count;
    return g;
  });
  const radius = Math.max(1.5, Math.min(6, gap * 0.35));
  return { x, y, block, radius, nodeRadius: radii(shape.blocks, spacing, radius), ring: null, width, height };
};
