import { expect } from 'vitest';
import { checkGrad, rng, tensor, type Tensor } from '../src/index.js';

export { checkGrad };

/** The largest relative error a correct gradient shows against central differences here. */
export const GRAD_TOL = 1e-3;

/** f's tape gradients match central differences to GRAD_TOL, and are not all ~0 (a check of zeros proves nothing). */
export const expectGrad = (f: (...xs: Tensor[]) => Tensor, inputs: Tensor[], opts?: Parameters<typeof checkGrad>[2]): void => {
  const { relError, scale } = checkGrad(f, inputs, opts);
  expect(scale).toBeGreaterThan(1e-3);
  expect(relError).toBeLessThan(GRAD_TOL);
};

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
