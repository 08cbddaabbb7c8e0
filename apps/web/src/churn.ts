/**
 * Edge churn: how many edges entered the wiring per optimiser step, between consecutive recorded
 * wirings. Computed from the wiring history itself, so a live run and a replayed file give the same
 * curve; `extendChurn` only looks at the snapshots added since its last call.
 */
import type { WiringHistory } from '@dnw/pipeline';
import { diffWirings } from './wiring.js';

export interface Churn {
  readonly perStep: { readonly step: number[]; readonly value: number[] };
  /** Edges that entered after the first wiring, summed. */
  total: number;
  /** Snapshots of the history already counted. */
  seen: number;
}

export const emptyChurn = (): Churn => ({ perStep: { step: [], value: [] }, total: 0, seen: 0 });

/** Counts the snapshots of `h` not seen yet into `c` (in place) and returns it. */
export const extendChurn = (c: Churn, h: WiringHistory): Churn => {
  for (let i = Math.max(1, c.seen); i < h.length; i++) {
    const a = h.at(i - 1);
    const b = h.at(i);
    if (b.step <= a.step) continue;
    const entered = diffWirings(a, b).entered.length;
    c.total += entered;
    c.perStep.step.push(b.step);
    c.perStep.value.push(entered / (b.step - a.step));
  }
  c.seen = Math.max(c.seen, h.length);
  return c;
};
