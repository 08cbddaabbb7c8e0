import type { Model } from './model.js';
import type { EdgeSet } from './strategy.js';

/** The chosen edges of one edge set, in flat-position order (compact, transferable form). */
export interface EdgeSetWiring {
  readonly name: string;
  /** Flat positions in the edge set (ascending). */
  readonly index: Int32Array;
  /** Global node ids of each edge's source and target. */
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly weight: Float32Array;
  /** 1 when the edge is in an inert part (chosen, but never multiplied). */
  readonly inert: Uint8Array;
}

export interface Wiring {
  readonly sets: readonly EdgeSetWiring[];
}

export interface Edge {
  readonly from: number;
  readonly to: number;
  readonly weight: number;
}

/**
 * The graph a forward pass in evaluation mode would use now: every edge set's choice, recomputed
 * from the current weights (for DNW the training-mode choice is the same; targeted dropout shows
 * its evaluation graph). Does not touch the edge sets' own buffers.
 */
export function wiringOf(model: Model): Wiring {
  const ctx = { training: false, rng: model.rng };
  return {
    sets: model.edgeSets.map((es) => {
      const chosen = new Uint8Array(es.size);
      es.strategy.choose(flatOf(es, model.params), es.allowed, es.k, ctx, chosen);
      return wiringFromMask(es, model.params, chosen);
    }),
  };
}

function flatOf(es: EdgeSet, params: unknown): Float32Array {
  const flat = new Float32Array(es.size);
  for (const p of es.parts) flat.set(p.weight(params).data, p.offset);
  return flat;
}

/** The wiring of a given chosen mask. */
export function wiringFromMask(es: EdgeSet, params: unknown, chosen: Uint8Array): EdgeSetWiring {
  let n = 0;
  for (let i = 0; i < chosen.length; i++) if (chosen[i] !== 0) n++;
  const index = new Int32Array(n);
  const from = new Int32Array(n);
  const to = new Int32Array(n);
  const weight = new Float32Array(n);
  const inert = new Uint8Array(n);
  let e = 0;
  for (const p of es.parts) {
    const w = p.weight(params).data;
    for (let r = 0; r < p.rows; r++) {
      for (let c = 0; c < p.cols; c++) {
        const local = r * p.cols + c;
        if (chosen[p.offset + local] === 0) continue;
        index[e] = p.offset + local;
        from[e] = p.fromStart + c;
        to[e] = p.toStart + r;
        weight[e] = w[local];
        inert[e] = p.inert === true ? 1 : 0;
        e++;
      }
    }
  }
  return { name: es.name, index, from, to, weight, inert };
}

/** The edges of a wiring as objects (convenient; the typed arrays are the efficient form). */
export function wiringEdges(w: EdgeSetWiring): Edge[] {
  return Array.from(w.index, (_, e) => ({ from: w.from[e], to: w.to[e], weight: w.weight[e] }));
}

export interface EdgeSetDiff {
  readonly name: string;
  /** Edges in `b` and not in `a`, with their weights in `b`. */
  readonly added: readonly Edge[];
  /** Edges in `a` and not in `b`, with their weights in `a`. */
  readonly removed: readonly Edge[];
}

/** What changed between two wirings of the same model (edge sets matched by position). */
export function wiringDiff(a: Wiring, b: Wiring): EdgeSetDiff[] {
  if (a.sets.length !== b.sets.length) throw new RangeError(`wiringDiff: ${a.sets.length} edge sets against ${b.sets.length}`);
  return a.sets.map((sa, s) => {
    const sb = b.sets[s];
    const added: Edge[] = [];
    const removed: Edge[] = [];
    let i = 0;
    let j = 0;
    const edge = (w: EdgeSetWiring, e: number): Edge => ({ from: w.from[e], to: w.to[e], weight: w.weight[e] });
    // Both index lists are ascending: one merge pass.
    while (i < sa.index.length || j < sb.index.length) {
      if (j >= sb.index.length || (i < sa.index.length && sa.index[i] < sb.index[j])) removed.push(edge(sa, i++));
      else if (i >= sa.index.length || sb.index[j] < sa.index[i]) added.push(edge(sb, j++));
      else {
        i++;
        j++;
      }
    }
    return { name: sa.name, added, removed };
  });
}

export interface Liveness {
  /** 1 for live nodes: outputs; inputs with a path to an output; hidden nodes on an input-to-output path. */
  readonly live: Uint8Array;
  /** 1 for nodes with a chosen path from an input (inputs included). */
  readonly fromInputs: Uint8Array;
  /** 1 for nodes with a chosen path to an output (outputs included). */
  readonly toOutputs: Uint8Array;
  readonly liveInputs: number;
  readonly liveHidden: number;
  readonly hidden: number;
  /** Chosen edges that are multiplied (inert ones excluded). */
  readonly edges: number;
  /** Chosen edges between live nodes: the multiply-adds per example of the compacted graph. */
  readonly liveEdges: number;
  /** 2 x liveEdges: the edge FLOPs per example of the live graph (node operations not counted). */
  readonly flops: number;
}

/**
 * Which nodes matter. A hidden node without a chosen path from an input computes a constant and
 * one without a chosen path to an output affects nothing; both are dead. Reachability over the
 * chosen edges is the fixed point of "a node is dead if it has no live in-edge or no live out-edge".
 */
export function liveness(model: Model, wiring: Wiring = wiringOf(model)): Liveness {
  const { count, inputs, outputs } = model.nodes;
  const edges: [number, number][] = [];
  for (const s of wiring.sets) for (let e = 0; e < s.index.length; e++) if (s.inert[e] === 0) edges.push([s.from[e], s.to[e]]);
  const fwd = reach(count, edges, (v) => v < inputs, false);
  const bwd = reach(count, edges, (v) => v >= count - outputs, true);
  const live = new Uint8Array(count);
  let liveInputs = 0;
  let liveHidden = 0;
  for (let v = 0; v < count; v++) {
    if (v >= count - outputs) live[v] = 1;
    else if (v < inputs) live[v] = bwd[v];
    else live[v] = fwd[v] & bwd[v];
    if (live[v] && v < inputs) liveInputs++;
    else if (live[v] && v < count - outputs) liveHidden++;
  }
  let liveEdges = 0;
  for (const [u, v] of edges) if (live[u] && live[v]) liveEdges++;
  return { live, fromInputs: fwd, toOutputs: bwd, liveInputs, liveHidden, hidden: count - inputs - outputs, edges: edges.length, liveEdges, flops: 2 * liveEdges };
}

function reach(count: number, edges: readonly [number, number][], seed: (v: number) => boolean, backward: boolean): Uint8Array {
  const adjPtr = new Int32Array(count + 1);
  for (const [u, v] of edges) adjPtr[(backward ? v : u) + 1]++;
  for (let i = 0; i < count; i++) adjPtr[i + 1] += adjPtr[i];
  const adj = new Int32Array(edges.length);
  const fill = adjPtr.slice(0, count);
  for (const [u, v] of edges) adj[fill[backward ? v : u]++] = backward ? u : v;
  const seen = new Uint8Array(count);
  const stack: number[] = [];
  for (let v = 0; v < count; v++) if (seed(v)) (seen[v] = 1), stack.push(v);
  while (stack.length > 0) {
    const u = stack.pop()!;
    for (let e = adjPtr[u]; e < adjPtr[u + 1]; e++) {
      const v = adj[e];
      if (!seen[v]) (seen[v] = 1), stack.push(v);
    }
  }
  return seen;
}
