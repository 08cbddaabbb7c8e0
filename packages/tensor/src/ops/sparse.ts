import { ShapeError, showShape } from '../errors.js';
import { activeArena } from '../autodiff/arena.js';
import { record } from '../autodiff/tape.js';
import { kernels } from '../kernels/index.js';
import type { Csr } from '../kernels/kernels.js';
import { empty, type Tensor } from '../tensor.js';
import { expectRank } from './shapes.js';

/**
 * The chosen edges of w [rows, cols] as compressed sparse rows: the entries where mask is 1, kept
 * even when their weight is 0 (the structure is the mask's). Inside a traced function the CSR of
 * this call site is rebuilt in place on every call.
 */
export function csrFromMask(w: Tensor, mask: Uint8Array): Csr {
  expectRank('csrFromMask', w, 2, 'w');
  if (mask.length !== w.size) {
    throw new ShapeError('csrFromMask', `mask has ${mask.length} entries for w ${showShape(w.shape)}`, [w.shape, [mask.length]]);
  }
  const [rows, cols] = w.shape;
  const arena = activeArena();
  return arena !== null ? arena.csrFromMask(w.data, mask, rows, cols) : kernels().csrFromMask(w.data, mask, rows, cols);
}

/**
 * op(a) @ x for a sparse a: [a.rows, a.cols] @ [a.cols, n], or with `transA` [a.cols, a.rows] @
 * [a.rows, n]. Differentiable in x (a is a constant: for a weight gradient use maskedMatmul).
 */
export function spmm(a: Csr, x: Tensor, opts: { readonly transA?: boolean } = {}): Tensor {
  const transA = opts.transA === true;
  expectRank('spmm', x, 2, 'x');
  const [inner, outer] = transA ? [a.rows, a.cols] : [a.cols, a.rows];
  if (x.shape[0] !== inner) {
    const shown = transA ? `${showShape([a.rows, a.cols])}^T` : showShape([a.rows, a.cols]);
    throw new ShapeError('spmm', `inner dimensions differ: ${shown} @ ${showShape(x.shape)}`, [[a.rows, a.cols], x.shape]);
  }
  const n = x.shape[1];
  const y = empty([outer, n]);
  kernels().spmm(a, x.data, y.data, n, { transA });
  return record('spmm', [x], y, (g) => {
    const dx = empty(x.shape);
    kernels().spmm(a, g.data, dx.data, n, { transA: !transA });
    return [dx];
  });
}
