import { Tensor, maskedMatmul, matmul, type Rng } from '@dnw/tensor';
import { residentFloats, residentMask } from './resident.js';
import { countMask } from './select.js';
import { createStrategy, type EdgeGroups } from './strategies.js';
import type { ChooseContext, EdgePart, EdgeSet, StrategySpec, StrategyState } from './strategy.js';

/** A part as a model describes it; offsets are assigned by `makeEdgeSet`. */
export interface PartLayout {
  readonly path: string;
  readonly rows: number;
  readonly cols: number;
  readonly toStart: number;
  readonly fromStart: number;
  readonly inert?: boolean;
  readonly weight: (params: unknown) => Tensor;
}

export interface EdgeSetInit {
  readonly name: string;
  readonly parts: readonly PartLayout[];
  /** Allowed positions over the flat edge vector (null: all). */
  readonly allowed: Uint8Array | null;
  readonly k: number;
  readonly strategy: StrategySpec;
  readonly rng: Rng;
  readonly restored?: StrategyState;
}

/** The views a forward pass multiplies through, one per part (kept next to the public EdgeSet). */
interface PartViews {
  readonly chosen: Uint8Array;
  readonly allowed: Uint8Array | null;
}

interface SetViews {
  readonly parts: readonly PartViews[];
  /** Every position is chosen at every step: the product is an ordinary dense matmul. */
  readonly dense: boolean;
  /** The parts' weights as one view, when they lie back to back in one buffer (last seen). */
  span: Float32Array | null;
}

const views = new WeakMap<EdgeSet, SetViews>();

/**
 * Whether a strategy chooses every position of an edge set without a mask at every step (complete,
 * or a budget covering everything). Then a dense matmul does the same work without building a CSR
 * or masking a gradient that is all ones.
 */
function choosesEverything(spec: StrategySpec, k: number, size: number, allowed: Uint8Array | null): boolean {
  if (allowed !== null) return false;
  if (spec.name === 'complete') return true;
  const budgeted = spec.name === 'dnw' || spec.name === 'dnw-no-update' || spec.name === 'random' || spec.name === 'targeted-dropout' || spec.name === 'targeted-dropout-node';
  return budgeted && k >= size;
}

export function makeEdgeSet(init: EdgeSetInit): EdgeSet {
  let offset = 0;
  const parts: EdgePart[] = init.parts.map((p) => {
    if (!(Number.isInteger(p.rows) && p.rows >= 0 && Number.isInteger(p.cols) && p.cols >= 0)) {
      throw new RangeError(`edge set '${init.name}': part ${p.path} has a bad shape [${p.rows},${p.cols}]`);
    }
    const part: EdgePart = { ...p, offset };
    offset += p.rows * p.cols;
    return part;
  });
  const size = offset;
  if (init.allowed !== null && init.allowed.length !== size) {
    throw new RangeError(`edge set '${init.name}': allowed mask has ${init.allowed.length} entries for ${size} positions`);
  }
  if (!(Number.isInteger(init.k) && init.k >= 0)) throw new RangeError(`edge set '${init.name}': budget k must be a non-negative integer, got ${init.k}`);
  const allowedCount = countMask(init.allowed, size);
  const chosen = residentMask(size);
  const strategy = createStrategy(init.strategy, {
    size,
    allowed: init.allowed,
    allowedCount,
    k: init.k,
    groups: () => inEdgeGroups(parts, init.allowed),
    rng: init.rng,
    restored: init.restored,
  });
  const es: EdgeSet = {
    name: init.name,
    parts,
    size,
    allowed: init.allowed,
    allowedCount,
    k: init.k,
    strategy,
    chosen,
    // A single part is read in place; only multi-part sets gather into a flat buffer.
    flat: parts.length === 1 ? new Float32Array(0) : residentFloats(size),
  };
  views.set(es, {
    parts: parts.map((p) => ({
      chosen: chosen.subarray(p.offset, p.offset + p.rows * p.cols),
      allowed: init.allowed === null ? null : init.allowed.subarray(p.offset, p.offset + p.rows * p.cols),
    })),
    dense: choosesEverything(init.strategy, init.k, size, init.allowed),
    span: null,
  });
  return es;
}

/**
 * The edge set's weights as one flat vector: in place for a single part or for parts that lie back
 * to back in one buffer in edge-set order (the static graph allocates them so); gathered otherwise.
 */
export function flatWeights(es: EdgeSet, params: unknown): Float32Array {
  if (es.parts.length === 1) return es.parts[0].weight(params).data;
  const set = views.get(es)!;
  const first = es.parts[0].weight(params).data;
  let inPlace = true;
  for (const p of es.parts) {
    const d = p.weight(params).data;
    if (d.buffer !== first.buffer || d.byteOffset !== first.byteOffset + p.offset * 4) {
      inPlace = false;
      break;
    }
  }
  if (inPlace) {
    if (set.span === null || set.span.buffer !== first.buffer || set.span.byteOffset !== first.byteOffset) {
      set.span = new Float32Array(first.buffer, first.byteOffset, es.size);
    }
    return set.span;
  }
  for (const p of es.parts) es.flat.set(p.weight(params).data, p.offset);
  return es.flat;
}

/** Refresh `es.chosen` from the current weights: once per forward pass, before any `edgeProduct`. */
export function chooseEdges(es: EdgeSet, params: unknown, ctx: ChooseContext): Uint8Array {
  es.strategy.choose(flatWeights(es, params), es.allowed, es.k, ctx, es.chosen);
  return es.chosen;
}

/**
 * I = (W . chosen) Z for one part of the edge set: the sparse forward through the chosen edges,
 * with the strategy's weight-gradient rule. `w` is the part's weight from the params being traced.
 */
export function edgeProduct(es: EdgeSet, part: number, w: Tensor, z: Tensor): Tensor {
  const set = views.get(es)!;
  const v = set.parts[part];
  if (set.dense && es.strategy.gradMask !== 'none') return matmul(w, z);
  switch (es.strategy.gradMask) {
    case 'allowed':
      return maskedMatmul(w, z, v.chosen, { gradMask: v.allowed ?? 'dense' });
    case 'chosen':
      return maskedMatmul(w, z, v.chosen, { gradMask: v.chosen });
    case 'none':
      // A fresh tensor over the same buffer is not on the tape: no weight gradient is computed at all.
      return maskedMatmul(new Tensor(w.data, w.shape), z, v.chosen);
  }
}

/** Allowed in-edges of each to-node, in to-node order (node-wise strategies). */
export function inEdgeGroups(parts: readonly EdgePart[], allowed: Uint8Array | null): EdgeGroups {
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of parts) {
    if (p.rows === 0) continue;
    lo = Math.min(lo, p.toStart);
    hi = Math.max(hi, p.toStart + p.rows);
  }
  if (lo === Infinity) return { positions: new Int32Array(0), ptr: new Int32Array(1) };
  const nodes = hi - lo;
  const ptr = new Int32Array(nodes + 1);
  const ok = (i: number) => allowed === null || allowed[i] !== 0;
  for (const p of parts) {
    for (let r = 0; r < p.rows; r++) {
      let n = 0;
      for (let c = 0; c < p.cols; c++) if (ok(p.offset + r * p.cols + c)) n++;
      ptr[p.toStart - lo + r + 1] += n;
    }
  }
  for (let g = 0; g < nodes; g++) ptr[g + 1] += ptr[g];
  const fill = ptr.slice(0, nodes);
  const positions = new Int32Array(ptr[nodes]);
  for (const p of parts) {
    for (let r = 0; r < p.rows; r++) {
      const g = p.toStart - lo + r;
      for (let c = 0; c < p.cols; c++) {
        const i = p.offset + r * p.cols + c;
        if (ok(i)) positions[fill[g]++] = i;
      }
    }
  }
  return { positions, ptr };
}
