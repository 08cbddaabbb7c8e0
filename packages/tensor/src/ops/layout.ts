import { ShapeError, showShape } from '../errors.js';
import { record } from '../autodiff/tape.js';
import { Tensor, empty, shapeSize } from '../tensor.js';
import { aroundAxis, normaliseAxis } from './shapes.js';

/** The same data under another shape (one entry may be -1: inferred). No copy. */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const target = shape.slice();
  const free = target.indexOf(-1);
  if (free >= 0) {
    const rest = shapeSize(target.filter((_, i) => i !== free));
    if (rest > 0 && x.size % rest === 0) target[free] = x.size / rest;
  }
  if (shapeSize(target) !== x.size) {
    throw new ShapeError('reshape', `cannot view ${showShape(x.shape)} as ${showShape(shape)}`, [x.shape, shape]);
  }
  return record('reshape', [x], new Tensor(x.data, target), (g) => [new Tensor(g.data, x.shape)]);
}

/** Entries start..end-1 along `axis` (a copy). */
export function slice(x: Tensor, axis: number, start: number, end: number): Tensor {
  const ax = normaliseAxis('slice', x, axis);
  const [outer, n, inner] = aroundAxis(x.shape, ax);
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > n || start > end) {
    throw new ShapeError('slice', `range [${start}, ${end}) out of bounds for axis ${ax} of ${showShape(x.shape)}`, [x.shape]);
  }
  const len = end - start;
  const shape = x.shape.slice();
  shape[ax] = len;
  const out = empty(shape);
  copyBlocks(x.data, n * inner, start * inner, out.data, len * inner, 0, outer, len * inner);
  return record('slice', [x], out, (g) => {
    const dx = empty(x.shape);
    dx.data.fill(0);
    copyBlocks(g.data, len * inner, 0, dx.data, n * inner, start * inner, outer, len * inner);
    return [dx];
  });
}

/** Tensors joined along `axis`; every other dimension must agree. */
export function concat(xs: readonly Tensor[], axis: number): Tensor {
  if (xs.length === 0) throw new ShapeError('concat', 'needs at least one tensor');
  const first = xs[0];
  const ax = normaliseAxis('concat', first, axis);
  let total = 0;
  for (const t of xs) {
    const ok = t.rank === first.rank && t.shape.every((d, i) => i === ax || d === first.shape[i]);
    if (!ok) {
      throw new ShapeError('concat', `shapes disagree off axis ${ax}: ${xs.map((s) => showShape(s.shape)).join(', ')}`, xs.map((s) => s.shape));
    }
    total += t.shape[ax];
  }
  const shape = first.shape.slice();
  shape[ax] = total;
  const [outer, , inner] = aroundAxis(shape, ax);
  const out = empty(shape);
  let offset = 0;
  for (const t of xs) {
    const block = t.shape[ax] * inner;
    copyBlocks(t.data, block, 0, out.data, total * inner, offset, outer, block);
    offset += block;
  }
  return record('concat', xs, out, (g, needs) => {
    const cot: (Tensor | null)[] = [];
    let off = 0;
    for (let i = 0; i < xs.length; i++) {
      const block = xs[i].shape[ax] * inner;
      if (needs[i]) {
        const dx = empty(xs[i].shape);
        copyBlocks(g.data, total * inner, off, dx.data, block, 0, outer, block);
        cot.push(dx);
      } else cot.push(null);
      off += block;
    }
    return cot;
  });
}

/** `count` blocks of `len` floats: block o goes from src[o*srcStride+srcOff] to dst[o*dstStride+dstOff]. */
function copyBlocks(
  src: Float32Array,
  srcStride: number,
  srcOff: number,
  dst: Float32Array,
  dstStride: number,
  dstOff: number,
  count: number,
  len: number,
): void {
  for (let o = 0; o < count; o++) {
    const s = o * srcStride + srcOff;
    const d = o * dstStride + dstOff;
    for (let i = 0; i < len; i++) dst[d + i] = src[s + i];
  }
}
