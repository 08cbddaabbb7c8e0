/**
 * Byte -> float input scaling. A 256-entry table computed once turns the per-pixel work of a batch
 * into one lookup, and makes every batch bit-identical to every other use of the same option.
 */
import type { Dataset } from './dataset.js';

/** MNIST training-set pixel mean and standard deviation on the 0..1 scale (the usual PyTorch constants). */
export const MNIST_MEAN = 0.1307;
export const MNIST_STD = 0.3081;

/**
 * - `'standard'`: (byte/255 - 0.1307) / 0.3081, MNIST's statistics (the default, as in the paper's code).
 * - `'unit'`: byte/255. Keeps background pixels at exactly 0, so inputs stay sparse (MNIST: ~19% nonzero).
 * - `{ mean, std }`: (byte/255 - mean) / std, e.g. from `pixelStats` of another dataset.
 */
export type Normalization = 'standard' | 'unit' | { readonly mean: number; readonly std: number };

export const normalizationTable = (n: Normalization = 'standard'): Float32Array => {
  const { mean, std } = n === 'standard' ? { mean: MNIST_MEAN, std: MNIST_STD } : n === 'unit' ? { mean: 0, std: 1 } : n;
  if (!(std > 0) || !Number.isFinite(mean)) {
    throw new RangeError(`normalization: std must be > 0 and mean finite, got mean ${mean}, std ${std}`);
  }
  const table = new Float32Array(256);
  for (let b = 0; b < 256; b++) table[b] = (b / 255 - mean) / std;
  return table;
};

/** Mean and standard deviation of a dataset's pixels on the 0..1 scale, for `{ mean, std }` normalisation. */
export const pixelStats = (ds: Dataset): { mean: number; std: number } => {
  const hist = new Float64Array(256);
  const px = ds.images;
  for (let i = 0; i < px.length; i++) hist[px[i]]++;
  let sum = 0;
  let sumSq = 0;
  for (let b = 0; b < 256; b++) {
    const v = b / 255;
    sum += hist[b] * v;
    sumSq += hist[b] * v * v;
  }
  const n = px.length;
  const mean = sum / n;
  return { mean, std: Math.sqrt(Math.max(sumSq / n - mean * mean, 0)) };
};
