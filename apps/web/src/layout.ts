/**
 * Where each node sits: one column per block (inputs left, outputs right), nodes spread evenly down
 * their column. Pure geometry in CSS pixels, so it is tested without a canvas.
 */
import type { GraphShape } from './wiring.js';

export interface Layout {
  readonly x: Float32Array;
  readonly y: Float32Array;
  /** Block index of every node. */
  readonly block: Uint16Array;
  readonly radius: number;
  readonly width: number;
  readonly height: number;
}

export const layoutNodes = (shape: GraphShape, width: number, height: number): Layout => {
  const nodes = shape.blocks.reduce((a, b) => a + b, 0);
  const x = new Float32Array(nodes);
  const y = new Float32Array(nodes);
  const block = new Uint16Array(nodes);
  const columns = shape.blocks.length;
  const tallest = Math.max(1, ...shape.blocks);
  const padX = Math.min(60, width * 0.08);
  // Dynamic graphs draw backward edges as arcs above the columns: leave room for them.
  const padTop = shape.dynamic ? Math.min(80, height * 0.18) : 16;
  const padBottom = 16;
  const usable = Math.max(1, height - padTop - padBottom);
  const radius = Math.max(1.5, Math.min(6, (usable / tallest) * 0.35));
  let v = 0;
  for (let c = 0; c < columns; c++) {
    const count = shape.blocks[c];
    const cx = columns === 1 ? width / 2 : padX + ((width - 2 * padX) * c) / (columns - 1);
    // Short columns are centred and keep the tallest column's spacing, so density reads honestly.
    const gap = usable / tallest;
    const top = padTop + (usable - gap * (count - 1)) / 2;
    for (let i = 0; i < count; i++, v++) {
      x[v] = cx;
      y[v] = count === 1 ? padTop + usable / 2 : top + gap * i;
      block[v] = c;
    }
  }
  return { x, y, block, radius, width, height };
};
