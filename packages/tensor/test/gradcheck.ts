import { rng, tensor, type Tensor } from '../src/index.js';

export { checkGrad } from '../src/index.js';

/** A tensor of normals from a seed. */
export function randn(shape: number[], seed: number, std = 1): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(rng(seed).fillNormal(new Float32Array(n), 0, std), shape);
}

/** A tensor of values whose magnitudes stay at least `gap` away from 0 (for kinks such as relu). */
export function randAway(shape: number[], seed: number, gap = 0.1): Tensor {
  const t = randn(shape, seed);
  for (let i = 0; i < t.size; i++) t.data[i] = Math.sign(t.data[i] || 1) * (gap + Math.abs(t.data[i]));
  return t;
}
