/**
 * The wiring view on a Canvas 2D: nodes in columns by block, the chosen edges between them, colour by
 * sign, width by |w|. Edges are batched into one path per (sign, |w| bucket), so a frame is about 16
 * strokes whatever the edge count; edges that just entered are drawn over in green, edges that just
 * left as faint dashes.
 */
import { layoutNodes, type Layout } from './layout.js';
import type { WiringSnapshot } from '@dnw/pipeline';
import { diffWirings, type GraphShape } from './wiring.js';

export const MAGNITUDE_BUCKETS = 8;

export interface WiringScene {
  readonly shape: GraphShape;
  readonly wiring: WiringSnapshot | null;
  /** The wiring shown before this one, for the entered/left highlight; null draws no highlight. */
  readonly previous: WiringSnapshot | null;
}

export interface DrawStats {
  readonly edges: number;
  readonly entered: number;
  readonly left: number;
  /** `stroke()` calls for edges this frame. */
  readonly strokes: number;
}

const POSITIVE = '#d9480f';
const NEGATIVE = '#1864ab';
const ENTERED = '#2f9e44';
const LEFT = 'rgba(134, 142, 150, 0.7)';
const NODE_FILL = '#343a40';
const BLOCK_FILLS = ['#495057', '#868e96', '#495057'];

/** |w| bucket on a square-root scale of the largest |w| shown, so small weights stay distinguishable. */
export const magnitudeBucket = (absW: number, maxAbs: number): number =>
  maxAbs > 0 ? Math.min(MAGNITUDE_BUCKETS - 1, Math.floor(Math.sqrt(absW / maxAbs) * MAGNITUDE_BUCKETS)) : 0;

const widthOf = (bucket: number) => 0.4 + (2.6 * (bucket + 1)) / MAGNITUDE_BUCKETS;
const alphaOf = (bucket: number) => 0.25 + (0.7 * (bucket + 1)) / MAGNITUDE_BUCKETS;

const addEdgeTo = (ctx: CanvasPath, layout: Layout, from: number, to: number) => {
  const x0 = layout.x[from];
  const y0 = layout.y[from];
  if (from === to) {
    // Self-loop (dynamic graphs): a small circle just outside the node, away from the ring's centre.
    const ring = layout.ring;
    const dx = ring === null ? 0 : x0 - ring.x;
    const dy = ring === null ? -1 : y0 - ring.y;
    const len = Math.hypot(dx, dy) || 1;
    const r = layout.radius * 2;
    const cx = x0 + (dx / len) * r;
    const cy = y0 + (dy / len) * r;
    ctx.moveTo(cx + r, cy);
    ctx.arc(cx, cy, r, 0, Math.PI * 2);
    return;
  }
  const x1 = layout.x[to];
  const y1 = layout.y[to];
  ctx.moveTo(x0, y0);
  if (x0 === x1) {
    // Two nodes of one column: a straight line would run along the column and hide; bow it outward
    // (away from a dynamic graph's ring; to the right in a column layout).
    const side = layout.ring !== null && x0 < layout.ring.x ? -1 : 1;
    ctx.quadraticCurveTo(x0 + side * Math.min(50, 16 + Math.abs(y1 - y0) * 0.3), (y0 + y1) / 2, x1, y1);
  } else {
    ctx.lineTo(x1, y1);
  }
};

export interface WiringView {
  draw(scene: WiringScene): DrawStats;
  /** Re-reads the canvas's CSS size; call when it may have changed. */
  resize(): void;
  clear(): void;
}

export const createWiringView = (canvas: HTMLCanvasElement): WiringView => {
  const ctx = canvas.getContext('2d');
  if (ctx === null) throw new Error('wiring view: this browser gives no 2D canvas context');
  let layout: Layout | null = null;
  let layoutShape: GraphShape | null = null;
  let cssW = 0;
  let cssH = 0;
  const paths: Path2D[] = [];

  const resize = () => {
    const rect = canvas.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    cssW = Math.max(1, Math.round(rect.width));
    cssH = Math.max(1, Math.round(rect.height));
    canvas.width = Math.round(cssW * dpr);
    canvas.height = Math.round(cssH * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    layout = null;
  };

  const layoutFor = (shape: GraphShape): Layout => {
    if (layout === null || layoutShape !== shape || layout.width !== cssW || layout.height !== cssH) {
      layout = layoutNodes(shape, cssW, cssH);
      layoutShape = shape;
    }
    return layout;
  };

  const draw = (scene: WiringScene): DrawStats => {
    if (cssW === 0) resize();
    ctx.clearRect(0, 0, cssW, cssH);
    const lay = layoutFor(scene.shape);
    const w = scene.wiring;
    let strokes = 0;
    let entered = 0;
    let left = 0;
    if (w !== null && w.from.length > 0) {
      let maxAbs = 0;
      for (let i = 0; i < w.weight.length; i++) maxAbs = Math.max(maxAbs, Math.abs(w.weight[i]));
      // One Path2D per (sign, bucket); index = sign * BUCKETS + bucket.
      paths.length = 0;
      for (let i = 0; i < 2 * MAGNITUDE_BUCKETS; i++) paths.push(new Path2D());
      const used = new Uint8Array(2 * MAGNITUDE_BUCKETS);
      for (let i = 0; i < w.from.length; i++) {
        const wi = w.weight[i];
        const slot = (wi < 0 ? MAGNITUDE_BUCKETS : 0) + magnitudeBucket(Math.abs(wi), maxAbs);
        used[slot] = 1;
        addEdgeTo(paths[slot], lay, w.from[i], w.to[i]);
      }
      ctx.lineCap = 'round';
      for (let slot = 0; slot < paths.length; slot++) {
        if (used[slot] === 0) continue;
        const bucket = slot % MAGNITUDE_BUCKETS;
        ctx.strokeStyle = slot < MAGNITUDE_BUCKETS ? POSITIVE : NEGATIVE;
        ctx.globalAlpha = alphaOf(bucket);
        ctx.lineWidth = widthOf(bucket);
        ctx.stroke(paths[slot]);
        strokes++;
      }
      ctx.globalAlpha = 1;
      const diff = diffWirings(scene.previous, w);
      entered = diff.entered.length;
      left = diff.left.length;
      if (left > 0 && scene.previous !== null) {
        const p = new Path2D();
        for (const i of diff.left) addEdgeTo(p, lay, scene.previous.from[i], scene.previous.to[i]);
        ctx.setLineDash([4, 4]);
        ctx.strokeStyle = LEFT;
        ctx.lineWidth = 1.2;
        ctx.stroke(p);
        ctx.setLineDash([]);
        strokes++;
      }
      if (entered > 0) {
        const p = new Path2D();
        for (const i of diff.entered) addEdgeTo(p, lay, w.from[i], w.to[i]);
        ctx.strokeStyle = ENTERED;
        ctx.lineWidth = 2.4;
        ctx.stroke(p);
        strokes++;
      }
    }
    drawNodes(ctx, lay, scene.shape);
    return { edges: w === null ? 0 : w.from.length, entered, left, strokes };
  };

  return { draw, resize, clear: () => ctx.clearRect(0, 0, cssW, cssH) };
};

const drawNodes = (ctx: CanvasRenderingContext2D, lay: Layout, shape: GraphShape) => {
  const last = shape.blocks.length - 1;
  const byRole: Path2D[] = [new Path2D(), new Path2D(), new Path2D()];
  for (let v = 0; v < lay.x.length; v++) {
    const b = lay.block[v];
    const role = b === 0 ? 0 : b === last ? 2 : 1;
    byRole[role].moveTo(lay.x[v] + lay.radius, lay.y[v]);
    byRole[role].arc(lay.x[v], lay.y[v], lay.radius, 0, Math.PI * 2);
  }
  ctx.lineWidth = 1;
  ctx.strokeStyle = NODE_FILL;
  for (let role = 0; role < 3; role++) {
    ctx.fillStyle = BLOCK_FILLS[role];
    ctx.fill(byRole[role]);
    ctx.stroke(byRole[role]);
  }
};
