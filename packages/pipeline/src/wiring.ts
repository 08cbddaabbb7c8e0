/**
 * The chosen edges of a model as the events carry them, and how they changed. A tracker keeps a copy
 * of each edge set's choice at the last report, so a diff is one pass over the masks with no maps.
 */
import type { EdgeSet, Model } from '@dnw/graph';
import type { EdgeTriple } from './events.js';

export interface WiringChange {
  readonly added: EdgeTriple[];
  readonly removed: EdgeTriple[];
  readonly edges: number;
  readonly liveNodes: number;
}

/** Calls `f(from, to, weight)` for every position of `es` where `mask` is 1. */
const forEachEdge = (model: Model, es: EdgeSet, mask: Uint8Array, f: (from: number, to: number, w: number) => void): void => {
  for (const part of es.parts) {
    const w = part.weight(model.params).data;
    for (let r = 0; r < part.rows; r++) {
      const base = part.offset + r * part.cols;
      for (let c = 0; c < part.cols; c++) if (mask[base + c] === 1) f(part.fromStart + c, part.toStart + r, w[r * part.cols + c]!);
    }
  }
};

/**
 * Nodes on a path from an input node to an output node through the chosen edges: the nodes that
 * matter for the prediction. Works for cyclic (dynamic) graphs too: reachability both ways.
 */
export const liveNodeCount = (model: Model): number => {
  const n = model.nodes.count;
  const out: number[][] = Array.from({ length: n }, () => []);
  const inc: number[][] = Array.from({ length: n }, () => []);
  for (const es of model.edgeSets) {
    forEachEdge(model, es, es.chosen, (from, to) => {
      out[from]!.push(to);
      inc[to]!.push(from);
    });
  }
  const reach = (starts: number[], next: number[][]): Uint8Array => {
    const seen = new Uint8Array(n);
    const stack = [...starts];
    for (const s of starts) seen[s] = 1;
    while (stack.length > 0) {
      for (const v of next[stack.pop()!]!) {
        if (seen[v] === 0) {
          seen[v] = 1;
          stack.push(v);
        }
      }
    }
    return seen;
  };
  const inputs = Array.from({ length: model.nodes.inputs }, (_, i) => i);
  const outputs = Array.from({ length: model.nodes.outputs }, (_, i) => n - model.nodes.outputs + i);
  const fromInputs = reach(inputs, out);
  const toOutputs = reach(outputs, inc);
  let live = 0;
  for (let v = 0; v < n; v++) if (fromInputs[v] === 1 && toOutputs[v] === 1) live++;
  return live;
};

export const edgeCount = (model: Model): number => {
  let k = 0;
  for (const es of model.edgeSets) for (let i = 0; i < es.chosen.length; i++) k += es.chosen[i]!;
  return k;
};

export interface WiringTracker {
  /** The change since the last call (the first call: every chosen edge is added). */
  change(): WiringChange;
}

/**
 * Follows `model`'s chosen edges (each edge set's `chosen`: the edges the latest forward pass used).
 * Weights in the events are the current values.
 */
export const wiringTracker = (model: Model): WiringTracker => {
  const previous = model.edgeSets.map((es) => new Uint8Array(es.size));
  return {
    change: () => {
      const added: EdgeTriple[] = [];
      const removed: EdgeTriple[] = [];
      model.edgeSets.forEach((es, i) => {
        const prev = previous[i]!;
        const now = es.chosen;
        const diff = new Uint8Array(es.size);
        for (let j = 0; j < es.size; j++) diff[j] = now[j]! & (prev[j]! ^ 1);
        forEachEdge(model, es, diff, (from, to, w) => added.push([from, to, w]));
        for (let j = 0; j < es.size; j++) diff[j] = prev[j]! & (now[j]! ^ 1);
        forEachEdge(model, es, diff, (from, to, w) => removed.push([from, to, w]));
        prev.set(now);
      });
      return { added, removed, edges: edgeCount(model), liveNodes: liveNodeCount(model) };
    },
  };
};
