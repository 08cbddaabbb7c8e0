import { fromPixel, toPixel } from './scale.js';
import type { Layout } from './layout.js';

export interface ReadoutRow {
  readonly id: string;
  readonly label: string;
  readonly color: string;
  readonly y: number;
  readonly lo: number | null;
  readonly hi: number | null;
  readonly note: string | null;
  /** Pixel height of y, for a dot on the line. */
  readonly py: number;
}

export interface Readout {
  /** The data x the read-out snapped to, and its pixel position. */
  readonly x: number;
  readonly px: number;
  /** One row per series with a point at x, in legend order. */
  readonly rows: readonly ReadoutRow[];
}

/**
 * What the figure shows at a pixel column: it snaps to the nearest x where some series has a point
 * (the lines are straight between measured points; an interpolated accuracy was never measured).
 * Null for a figure without points.
 */
export const readout = (layout: Layout, pixelX: number): Readout | null => {
  let best: number | null = null;
  let bestDist = Infinity;
  for (const s of layout.series) {
    for (const p of s.points) {
      const d = Math.abs(p.px - pixelX);
      if (d < bestDist) {
        bestDist = d;
        best = p.x;
      }
    }
  }
  if (best === null) return null;
  return readoutAt(layout, best);
};

/** The read-out at a data value x (exact match of the points' x). */
export const readoutAt = (layout: Layout, x: number): Readout => {
  const rows: ReadoutRow[] = [];
  for (const s of layout.series) {
    const p = s.points.find((q) => q.x === x);
    if (p === undefined) continue;
    rows.push({ id: s.id, label: s.label, color: s.color, y: p.y, lo: p.lo ?? null, hi: p.hi ?? null, note: p.note ?? null, py: p.py });
  }
  return { x, px: toPixel(layout.x, x), rows };
};

/** The data x under a pixel column (unsnapped), e.g. for a cursor label. */
export const xAtPixel = (layout: Layout, pixelX: number): number => fromPixel(layout.x, pixelX);
