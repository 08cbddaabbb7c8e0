/**
 * The chosen edges of a model as `rewire` events carry them: @dnw/graph's wiring (the graph an
 * evaluation-mode forward pass would use now) diffed against the last reported one.
 */
import { liveness, wiringDiff, wiringOf, type Edge, type Model, type Wiring } from '@dnw/graph';
import type { EdgeTriple } from './events.js';

export interface WiringChange {
  readonly added: EdgeTriple[];
  readonly removed: EdgeTriple[];
  /** Edges chosen now (inert ones, which are never multiplied, excluded). */
  readonly edges: number;
  readonly liveNodes: number;
  /** 2 x the edges between live nodes: the edge FLOPs per example of the live graph. */
  readonly flops: number;
}

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
      return { added, removed, edges: live.edges, liveNodes: countOnes(live.live), flops: live.flops };
    },
  };
};
