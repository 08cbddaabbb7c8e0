import { kernels } from '@dnw/tensor';

/**
 * Top-k of |w| restricted to a subset of positions, exactly: min(k, |subset|) positions are chosen
 * and nothing outside the subset ever is. Masking |w| in place would let a disallowed position win
 * a tie at zero, so the subset is gathered into a compact vector, selected there and scattered back.
 * Scratch buffers grow once and are reused.
 */
export class SubsetTopk {
  private values = new Float32Array(0);
  private picks = new Uint8Array(0);

  /** out[positions[i]] = 1 for the k positions of largest |w|; other entries of `out` untouched. */
  select(w: Float32Array, positions: Int32Array, from: number, to: number, k: number, out: Uint8Array): void {
    const n = to - from;
    if (n <= 0) return;
    if (this.values.length < n) {
      this.values = new Float32Array(n);
      this.picks = new Uint8Array(n);
    }
    const values = this.values.subarray(0, n);
    const picks = this.picks.subarray(0, n);
    for (let i = 0; i < n; i++) values[i] = w[positions[from + i]];
    kernels().topkMask(values, k, picks);
    for (let i = 0; i < n; i++) out[positions[from + i]] = picks[i];
  }
}

/** The indices of the set entries of a mask. */
export function positionsOf(mask: Uint8Array): Int32Array {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) n++;
  const out = new Int32Array(n);
  let j = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) out[j++] = i;
  return out;
}

/** Number of set entries of a mask (null: all `size`). */
export function countMask(mask: Uint8Array | null, size: number): number {
  if (mask === null) return size;
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) n++;
  return n;
}

/**
 * Top-k of |w| over the allowed positions (null: all), written into `out` (every entry set).
 * Caches the allowed positions of the last mask it saw, so a fixed mask costs one gather per call.
 */
export class AllowedTopk {
  private readonly subset = new SubsetTopk();
  private lastAllowed: Uint8Array | null = null;
  private positions: Int32Array = new Int32Array(0);

  choose(w: Float32Array, allowed: Uint8Array | null, k: number, out: Uint8Array): void {
    if (allowed === null) {
      kernels().topkMask(w, k, out);
      return;
    }
    if (allowed !== this.lastAllowed) {
      this.positions = positionsOf(allowed);
      this.lastAllowed = allowed;
    }
    out.fill(0);
    this.subset.select(w, this.positions, 0, this.positions.length, k, out);
  }
}
