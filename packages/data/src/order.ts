/**
 * Example order per epoch. Epoch e's order depends only on (seed, e), never on how many epochs or
 * batches ran before, so a run resumed from a saved position replays exactly the same batches.
 */
import { rng } from '@dnw/tensor';

const fmix32 = (h: number): number => {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
};

/** A 32-bit seed for epoch `epoch` of a run seeded with `seed` (any safe integer). */
export const epochSeed = (seed: number, epoch: number): number => {
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 0x1_0000_0000) >>> 0;
  return fmix32((fmix32(lo ^ fmix32(hi + 0x632be5ab)) + Math.imul(epoch + 1, 0x9e3779b9)) >>> 0);
};

/**
 * Writes epoch `epoch`'s order of `indices` into `out` (same length): a seeded permutation, or
 * `indices` as given when `shuffle` is false.
 */
export const epochOrder = (indices: Uint32Array, seed: number, epoch: number, shuffle: boolean, out: Uint32Array = new Uint32Array(indices.length)): Uint32Array => {
  out.set(indices);
  return shuffle ? rng(epochSeed(seed, epoch)).shuffle(out) : out;
};
