import { ShapeError, showShape } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { sameShape } from '../tensor.js';

/** Shape checks shared by the ops: each throws a ShapeError naming the op and the shapes. */

export function expectSameShape(op: string, a: Tensor, b: Tensor): void {
  if (!sameShape(a.shape, b.shape)) {
    throw new ShapeError(op, `shapes differ: ${showShape(a.shape)} vs ${showShape(b.shape)}`, [a.shape, b.shape]);
  }
}

export function expectRank(op: string, t: Tensor, rank: number, what = 'input'): void {
  if (t.rank !== rank) {
    throw new ShapeError(op, `${what} must have rank ${rank}, got ${showShape(t.shape)}`, [t.shape]);
  }
}

/** A valid axis of `t` (negative counts from the end), normalised to 0..rank-1. */
export function normaliseAxis(op: string, t: Tensor, axis: number): number {
  const a = axis < 0 ? axis + t.rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= t.rank) {
    throw new ShapeError(op, `axis ${axis} out of range for ${showShape(t.shape)}`, [t.shape]);
  }
  return a;
}

/** Split a shape around `axis` into (outer, n, inner) so axis work is three nested loops. */
export function aroundAxis(shape: readonly number[], axis: number): [outer: number, n: number, inner: number] {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i];
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i];
  return [outer, shape[axis], inner];
}
