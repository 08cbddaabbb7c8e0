/**
 * Gaussian blobs quantised to bytes: the same `Dataset` shape as MNIST, small enough for other
 * packages' tests to train on in milliseconds, and separable enough to reach high accuracy fast.
 */
import { rng } from '@dnw/tensor';
import type { Dataset } from './dataset.js';

export interface SyntheticOptions {
  readonly classes: number;
  readonly features: number;
  readonly count: number;
  readonly seed: number;
  /** Standard deviation of each example around its class centre, in units of the centres' spread. Default 0.5. */
  readonly noise?: number;
}

/** The byte range covers +-SPAN centre spreads around 127.5; beyond that values clip. */
const SPAN = 3;

/**
 * Each class has a centre drawn from N(0, I); an example is its centre plus N(0, noise^2 I), mapped
 * to a byte by 127.5 + 127.5 * v / 3 (rounded, clipped). Classes are balanced (count/classes each,
 * the remainder spread over the first classes) and appear in a seeded random order.
 * `rows` is 1 and `cols` is `features`.
 */
export const synthetic = (opts: SyntheticOptions): Dataset => {
  const { classes, features, count, seed } = opts;
  const noise = opts.noise ?? 0.5;
  for (const [name, v, min] of [['classes', classes, 2], ['features', features, 1], ['count', count, 1]] as const) {
    if (!Number.isInteger(v) || v < min) throw new RangeError(`synthetic: ${name} must be an integer >= ${min}, got ${v}`);
  }
  if (classes > 256) throw new RangeError(`synthetic: classes must be <= 256 (labels are bytes), got ${classes}`);
  if (!(noise >= 0)) throw new RangeError(`synthetic: noise must be >= 0, got ${noise}`);
  const r = rng(seed);
  const centres = new Float64Array(classes * features);
  for (let i = 0; i < centres.length; i++) centres[i] = r.normal();
  const perm = r.permutation(count);
  const labels = new Uint8Array(count);
  const images = new Uint8Array(count * features);
  for (let i = 0; i < count; i++) {
    const c = perm[i] % classes;
    labels[i] = c;
    for (let f = 0; f < features; f++) {
      const v = centres[c * features + f] + noise * r.normal();
      const b = Math.round(127.5 + (127.5 * v) / SPAN);
      images[i * features + f] = b < 0 ? 0 : b > 255 ? 255 : b;
    }
  }
  return { images, labels, count, rows: 1, cols: features, features, classes };
};
