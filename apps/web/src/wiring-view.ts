/**
 * The wiring view on a Canvas 2D: nodes in columns by block, the chosen edges between them, colour by
 * sign, width by |w|. Edges are batched into one path per (sign, |w| bucket), so a frame is about 16
 * strokes whatever the edge count; edges that just entered get a green halo under them, edges that
 * just left are drawn faint grey.
 */
import { layoutNodes, type Layout } from './layout.js';
import type { WiringSnapshot } from '@dnw/pipeline';
import { diffWirings, inputSide, type GraphShape } from './wiring.js';

export const MAGNITUDE_BUCKETS = 8;
/** Entered or left edges beyond this many are not highlighted (still counted in the stats). */
export const MAX_HIGHLIGHT = 3000;

export interface WiringScene {
  readonly shape: GraphShape;
  readonly wiring: WiringSnapshot | null;
  /** The wiring shown before this one, for the entered/left highlight; null draws no highlight. */
  readonly previous: WiringSnapshot | null;
  /** A node under the pointer: the rest of the picture fades and its edges stand out. */
  readonly focus: number | null;
}

export interface DrawStats {
  readonly edges: number;
  readonly entered: number;
  readonly left: number;
  /** `stroke()` calls for edges this frame. */
  readonly strokes: number;
  /** Nodes no chosen edge touches. */
  readonly unconnected: number;
  /** Of those, input nodes (pixels the wiring no longer reads). */
  readonly unconnectedInputs: number;
  /** False when the scene was unchanged and the canvas kept its last frame. */
  readonly fresh: boolean;
  /** JavaScript time of the (last real) draw, in ms. */
  readonly ms: number;
}

const POSITIVE = '#d9480f';
const NEGATIVE = '#1864ab';
const ENTERED = 'rgba(64, 192, 87, 0.6)';
const LEFT = 'rgba(134, 142, 150, 0.45)';
const NODE_ON = '#495057';
const NODE_STROKE = '#212529';
const NODE_OFF = '#ffffff';
const NODE_OFF_STROKE = '#adb5bd';

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
  /** The node within reach of a point (CSS pixels, canvas coordinates) in the last drawn layout, or null. */
  nodeAt(x: number, y: number): number | null;
  /** Where a node sits in the last drawn layout (CSS pixels), or null before the first draw. */
  nodePosition(v: number): { x: number; y: number } | null;
  /** Re-reads the canvas's CSS size; call when it may have changed. */
  resize(): void;
  clear(): void;
}

/**
 * `canvas` shows the wiring; `pixels`, when given, shows the input nodes as the image grid they read
 * (for graphs whose input count is a square).
 */
export const createWiringView = (canvas: HTMLCanvasElement, pixels: HTMLCanvasElement | null = null): WiringView => {
  const ctx = canvas.getContext('2d');
  if (ctx === null) throw new Error('wiring view: this browser gives no 2D canvas context');
  const pixelCtx = pixels?.getContext('2d') ?? null;
  let layout: Layout | null = null;
  let layoutShape: GraphShape | null = null;
  let cssW = 0;
  let cssH = 0;
  const paths: Path2D[] = [];
  let connected = new Uint8Array(0);
  // The last frame drawn: a scene of the same wiring, predecessor and shape on an unchanged canvas is
  // not drawn again (a live run's step events arrive every frame while the slider may sit still).
  let last: { scene: WiringScene; stats: DrawStats } | null = null;
  let strength = new Float32Array(0);

  const resize = () => {
    const rect = canvas.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    cssW = Math.max(1, Math.round(rect.width));
    cssH = Math.max(1, Math.round(rect.height));
    canvas.width = Math.round(cssW * dpr);
    canvas.height = Math.round(cssH * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    layout = null;
    last = null;
  };

  const layoutFor = (shape: GraphShape): Layout => {
    if (layout === null || layoutShape !== shape || layout.width !== cssW || layout.height !== cssH) {
      layout = layoutNodes(shape, cssW, cssH);
      layoutShape = shape;
    }
    return layout;
  };

  const draw = (scene: WiringScene): DrawStats => {
    if (
      last !== null &&
      last.scene.wiring === scene.wiring &&
      last.scene.previous === scene.previous &&
      last.scene.shape === scene.shape &&
      last.scene.focus === scene.focus
    ) {
      return { ...last.stats, fresh: false };
    }
    const t0 = performance.now();
    const stats: DrawStats = { ...drawScene(scene), fresh: true, ms: performance.now() - t0 };
    last = { scene, stats };
    return stats;
  };

  const drawScene = (scene: WiringScene): Omit<DrawStats, 'fresh' | 'ms'> => {
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
      // Dense wirings get thinner lines, so thousands of edges stay legible (and cheap to raster).
      const thin = Math.min(1, Math.max(0.3, Math.sqrt(1000 / w.from.length)));
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
      // Highlights go under the edges: a green halo for edges that just entered, so their sign colour
      // still shows, and faint grey lines for edges that just left.
      const diff = diffWirings(scene.previous, w);
      entered = diff.entered.length;
      left = diff.left.length;
      // Thousands of changed edges (a coarse replay) are a wash of colour, and rastering them costs
      // seconds in a software renderer: past MAX_HIGHLIGHT they are counted, not drawn.
      if (left > 0 && left <= MAX_HIGHLIGHT && scene.previous !== null) {
        const p = new Path2D();
        for (const i of diff.left) addEdgeTo(p, lay, scene.previous.from[i], scene.previous.to[i]);
        ctx.strokeStyle = LEFT;
        ctx.lineWidth = 1.5;
        ctx.stroke(p);
        strokes++;
      }
      if (entered > 0 && entered <= MAX_HIGHLIGHT) {
        const p = new Path2D();
        for (const i of diff.entered) addEdgeTo(p, lay, w.from[i], w.to[i]);
        ctx.strokeStyle = ENTERED;
        ctx.lineWidth = 7 * thin;
        ctx.stroke(p);
        strokes++;
      }
      ctx.lineCap = 'round';
      // Weakest first, both signs per bucket, so the strongest edges lie on top whatever their sign.
      for (let k = 0; k < paths.length; k++) {
        const bucket = k >> 1;
        const slot = (k & 1) * MAGNITUDE_BUCKETS + bucket;
        if (used[slot] === 0) continue;
        ctx.strokeStyle = slot < MAGNITUDE_BUCKETS ? POSITIVE : NEGATIVE;
        ctx.globalAlpha = alphaOf(bucket);
        ctx.lineWidth = widthOf(bucket) * thin;
        ctx.stroke(paths[slot]);
        strokes++;
      }
      ctx.globalAlpha = 1;
    }
    if (connected.length !== lay.x.length) {
      connected = new Uint8Array(lay.x.length);
      strength = new Float32Array(lay.x.length);
    }
    connected.fill(0);
    if (w !== null) {
      for (let i = 0; i < w.from.length; i++) {
        connected[w.from[i]] = 1;
        connected[w.to[i]] = 1;
      }
    }
    drawNodes(ctx, lay, connected);
    if (scene.focus !== null && w !== null) drawFocus(ctx, lay, w, scene.focus, cssW, cssH);
    const side = inputSide(scene.shape);
    if (pixelCtx !== null && side !== null && w !== null) drawInputMap(pixelCtx, side, w, strength);
    let unconnected = 0;
    let unconnectedInputs = 0;
    const inputs = scene.shape.blocks[0] ?? 0;
    for (let v = 0; v < connected.length; v++) {
      unconnected += 1 - connected[v];
      if (v < inputs) unconnectedInputs += 1 - connected[v];
    }
    return { edges: w === null ? 0 : w.from.length, entered, left, strokes, unconnected, unconnectedInputs };
  };

  const clear = () => {
    ctx.clearRect(0, 0, cssW, cssH);
    last = null;
  };

  const nodeAt = (x: number, y: number): number | null => {
    if (layout === null) return null;
    let best: number | null = null;
    let bestD = Infinity;
    for (let v = 0; v < layout.x.length; v++) {
      const d = Math.hypot(layout.x[v] - x, layout.y[v] - y);
      if (d < bestD) {
        bestD = d;
        best = v;
      }
    }
    // Within the node plus a few pixels, so small nodes can still be pointed at.
    return best !== null && bestD <= layout.nodeRadius[best] + 4 ? best : null;
  };

  const nodePosition = (v: number) => (layout === null || v < 0 || v >= layout.x.length ? null : { x: layout.x[v], y: layout.y[v] });

  return { draw, resize, clear, nodeAt, nodePosition };
};

/**
 * Nodes with at least one chosen edge are filled; nodes the wiring leaves unconnected are hollow,
 * so one sees which inputs (pixels) and hidden nodes the network stopped using.
 */
const drawNodes = (ctx: CanvasRenderingContext2D, lay: Layout, connected: Uint8Array) => {
  const on = new Path2D();
  const off = new Path2D();
  for (let v = 0; v < lay.x.length; v++) {
    const p = connected[v] === 1 ? on : off;
    const r = lay.nodeRadius[v];
    p.moveTo(lay.x[v] + r, lay.y[v]);
    p.arc(lay.x[v], lay.y[v], r, 0, Math.PI * 2);
  }
  ctx.lineWidth = 1;
  ctx.fillStyle = NODE_ON;
  ctx.strokeStyle = NODE_STROKE;
  ctx.fill(on);
  ctx.stroke(on);
  ctx.fillStyle = NODE_OFF;
  ctx.strokeStyle = NODE_OFF_STROKE;
  ctx.fill(off);
  ctx.stroke(off);
};

/**
 * The input nodes as the image they read, one canvas pixel per input: each shaded by the summed |w|
 * of its chosen out-edges, white when no edge leaves it (CSS scales it up, pixelated).
 */
const drawInputMap = (ctx: CanvasRenderingContext2D, side: number, w: WiringSnapshot, strength: Float32Array) => {
  const inputs = side * side;
  strength.fill(0, 0, inputs);
  for (let i = 0; i < w.from.length; i++) if (w.from[i] < inputs) strength[w.from[i]] += Math.abs(w.weight[i]);
  let max = 0;
  for (let v = 0; v < inputs; v++) max = Math.max(max, strength[v]);
  if (ctx.canvas.width !== side) ctx.canvas.width = ctx.canvas.height = side;
  const image = ctx.createImageData(side, side);
  for (let v = 0; v < inputs; v++) {
    const s = max > 0 ? strength[v] / max : 0;
    // Pixels with edges get at least a light tint, so "barely used" differs from "not used".
    const grey = s > 0 ? Math.round(255 - 222 * (0.15 + 0.85 * Math.sqrt(s))) : 255;
    image.data.set([grey, grey, grey, 255], 4 * v);
  }
  ctx.putImageData(image, 0, 0);
};

/** Fades everything drawn so far, then redraws one node's edges in their sign colours and rings the node. */
const drawFocus = (ctx: CanvasRenderingContext2D, lay: Layout, w: WiringSnapshot, v: number, width: number, height: number) => {
  ctx.fillStyle = 'rgba(255, 255, 255, 0.75)';
  ctx.fillRect(0, 0, width, height);
  const pos = new Path2D();
  const neg = new Path2D();
  for (let i = 0; i < w.from.length; i++) {
    if (w.from[i] !== v && w.to[i] !== v) continue;
    addEdgeTo(w.weight[i] < 0 ? neg : pos, lay, w.from[i], w.to[i]);
  }
  ctx.lineWidth = 2;
  ctx.strokeStyle = POSITIVE;
  ctx.stroke(pos);
  ctx.strokeStyle = NEGATIVE;
  ctx.stroke(neg);
  ctx.beginPath();
  ctx.arc(lay.x[v], lay.y[v], lay.nodeRadius[v] + 3, 0, Math.PI * 2);
  ctx.strokeStyle = '#212529';
  ctx.stroke();
};
