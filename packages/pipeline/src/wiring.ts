/**
 * The chosen edges of a model as `rewire` events carry them: @dnw/graph's wiring (the graph an
 * evaluation-mode forward pass would use now) diffed against the last reported one.
 */
import { liveness, wiringDiff, wiringOf, type Edge, type Model, type Wiring } from '@dnw/graph';
import type { EdgeTriple } from './events.js';
import { floatsToBase64 } from './float-codec.js';

export interface WiringChange {
  readonly added: EdgeTriple[];
  readonly removed: EdgeTriple[];
  /** Edges chosen now (inert ones, which are never multiplied, excluded). */
  readonly edges: number;
  readonly liveNodes: number;
  /** 2 x the edges between live nodes: the edge FLOPs per example of the live graph. */
  readonly flops: number;
  /** Every chosen edge's weight now, ordered by (to, from), as base64 float32 (see `RewireEvent.weights`). */
  readonly weights: string;
}

/**
 * The weights of all chosen edges in (to, from) order, the order a folded wiring is kept in. An edge
 * in two sets counts once (the later one), as it does in the fold. Each edge is packed with its
 * position into one double, (to * nodes + from) * count + position, so a native numeric sort of a
 * Float64Array orders them: several times faster than sorting objects with a comparator, and it runs
 * at every rewire. Graphs too large for exact packing take the comparator sort.
 */
const currentWeights = (wiring: Wiring): string => {
  let count = 0;
  let nodes = 0;
  for (const set of wiring.sets) {
    count += set.from.length;
    for (let i = 0; i < set.from.length; i++) nodes = Math.max(nodes, set.from[i]! + 1, set.to[i]! + 1);
  }
  const weight = new Float32Array(count);
  const key = new Float64Array(count);
  let o = 0;
  for (const set of wiring.sets) {
    for (let i = 0; i < set.from.length; i++, o++) {
      weight[o] = set.weight[i]!;
      key[o] = set.to[i]! * nodes + set.from[i]!;
    }
  }
  const order = new Uint32Array(count);
  if (nodes * nodes * Math.max(count, 1) < 2 ** 53) {
    const packed = new Float64Array(count);
    for (let i = 0; i < count; i++) packed[i] = key[i]! * count + i;
    packed.sort();
    for (let i = 0; i < count; i++) order[i] = packed[i]! % count;
  } else {
    const idx = Array.from({ length: count }, (_, i) => i).sort((a, b) => key[a]! - key[b]! || a - b);
    order.set(idx);
  }
  const out = new Float32Array(count);
  let n = 0;
  for (let i = 0; i < count; i++) {
    const at = order[i]!;
    if (n > 0 && key[order[i - 1]!] === key[at]) out[n - 1] = weight[at]!;
    else out[n++] = weight[at]!;
  }
  return floatsToBase64(out.subarray(0, n));
};

const triples = (edges: readonly Edge[], out: EdgeTriple[]): void => {
  for (const e of edges) out.push([e.from, e.to, e.weight]);
};

const countOnes = (a: Uint8Array): number => {
  let n = 0;
  for (let i = 0; i < a.length; i++) n += a[i]!;
  return n;
};

export interface WiringTracker {
  /** The change since the last call; the first call reports every chosen edge as added. */
  change(): WiringChange;
}

export const wiringTracker = (model: Model): WiringTracker => {
  let last: Wiring = { sets: model.edgeSets.map((es) => ({ name: es.name, index: new Int32Array(0), from: new Int32Array(0), to: new Int32Array(0), weight: new Float32Array(0), inert: new Uint8Array(0) })) };
  return {
    change: () => {
      const now = wiringOf(model);
      const added: EdgeTriple[] = [];
      const removed: EdgeTriple[] = [];
      for (const d of wiringDiff(last, now)) {
        triples(d.added, added);
        triples(d.removed, removed);
      }
      last = now;
      const live = liveness(model, now);
      return { added, removed, edges: live.edges, liveNodes: countOnes(live.live), flops: live.flops, weights: currentWeights(now) };
    },
  };
};
