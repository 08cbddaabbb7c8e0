import type { Rng } from '@dnw/tensor';
import { viewOf, type Dataset, type DatasetView } from './dataset.js';

/**
 * Holds out `n` examples for validation, as index arrays over the same bytes.
 * Without an `rng` the split is deterministic: the last `n` examples (of the view's order) validate.
 * With an `rng` the held-out set is a seeded random sample; both halves keep ascending order.
 */
export const splitValidation = (source: Dataset | DatasetView, n: number, rng?: Rng): { train: DatasetView; validation: DatasetView } => {
  const { dataset, indices } = viewOf(source);
  if (!Number.isInteger(n) || n < 0 || n > indices.length) {
    throw new RangeError(`splitValidation: n must be an integer in 0..${indices.length}, got ${n}`);
  }
  const cut = indices.length - n;
  if (!rng) {
    return { train: { dataset, indices: indices.slice(0, cut) }, validation: { dataset, indices: indices.slice(cut) } };
  }
  const perm = rng.permutation(indices.length);
  const held = new Uint8Array(indices.length);
  for (let i = cut; i < indices.length; i++) held[perm[i]] = 1;
  const train = new Uint32Array(cut);
  const validation = new Uint32Array(n);
  let t = 0;
  let v = 0;
  for (let i = 0; i < indices.length; i++) {
    if (held[i]) validation[v++] = indices[i];
    else train[t++] = indices[i];
  }
  return { train: { dataset, indices: train }, validation: { dataset, indices: validation } };
};
