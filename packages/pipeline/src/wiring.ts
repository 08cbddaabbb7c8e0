/**
 * The chosen edges of a model as `rewire` events carry them: @dnw/graph's wiring (the graph an
 * evaluation-mode forward pass would use now) diffed against the last reported one.
 */
import { liveness, wiringDiff, wiringOf, type Edge, type Model, type Wiring } from '@dnw/graph';
import type { EdgeTriple } from './events.js';
import { floatsToBase64 } from './float-codec.js';
import { edgeKey } from './operators/edge-key.js';

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
 * The weights of all chosen edges in (to, from) order, the order a folded wiring is kept in. Keyed
 * like the fold (`edgeKey`), so an edge in two sets counts once, as it does there.
 */
const currentWeights = (wiring: Wiring): string => {
  const byKey = new Map<number, number>();
  for (const set of wiring.sets) for (let i = 0; i < set.from.length; i++) byKey.set(edgeKey(set.from[i]!, set.to[i]!), set.weight[i]!);
  const keys = [...byKey.keys()];
  // edgeKey is from * 2^26 + to: split it back to order by (to, from).
  const shift = 2 ** 26;
  keys.sort((a, b) => (a % shift) - (b % shift) || a - b);
  const weights = new Float32Array(keys.length);
  for (let i = 0; i < keys.length; i++) weights[i] = byKey.get(keys[i]!)!;
  return floatsToBase64(weights);
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
