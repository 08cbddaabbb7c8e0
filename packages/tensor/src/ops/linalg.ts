import { ShapeError, showShape } from '../errors.js';
import { record } from '../autodiff/tape.js';
import { kernels } from '../kernels/index.js';
import { empty, type Tensor } from '../tensor.js';
import { expectRank } from './shapes.js';
import { csrFromMask } from './sparse.js';

export interface MatmulOpts {
  /** Use a^T: a is stored [k, m]. Nothing is transposed in memory. */
  readonly transA?: boolean;
  /** Use b^T: b is stored [n, k]. */
  readonly transB?: boolean;
}

/** op(a) [m, k] @ op(b) [k, n] -> [m, n], through the active kernel. */
export function matmul(a: Tensor, b: Tensor, opts: MatmulOpts = {}): Tensor {
  const transA = opts.transA === true;
  const transB = opts.transB === true;
  expectRank('matmul', a, 2, 'a');
  expectRank('matmul', b, 2, 'b');
  const [m, k] = transA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const [kb, n] = transB ? [b.shape[1], b.shape[0]] : [b.shape[0], b.shape[1]];
  if (k !== kb) {
    const t = (s: readonly number[], tr: boolean) => showShape(s) + (tr ? '^T' : '');
    throw new ShapeError('matmul', `inner dimensions differ: ${t(a.shape, transA)} @ ${t(b.shape, transB)}`, [a.shape, b.shape]);
  }
  const out = empty([m, n]);
  kernels().matmul(a.data, b.data, out.data, m, k, n, { transA, transB });
  return record('matmul', [a, b], out, (g, needs) => {
    const K = kernels();
    let da: Tensor | null = null;
    let db: Tensor | null = null;
    if (needs[0]) {
      da = empty(a.shape);
      // d op(a) = g op(b)^T; with transA the stored a is its transpose: op(b) g^T.
      // The usual layer shape (a weight times node-major states): b's zeros make it cheaper.
      if (!transA && !transB && K.weightGrad) K.weightGrad(g.data, b.data, da.data, m, n, k);
      else if (!transA) K.matmul(g.data, b.data, da.data, m, n, k, { transB: !transB });
      else K.matmul(b.data, g.data, da.data, k, n, m, { transA: transB, transB: true });
    }
    if (needs[1]) {
      db = empty(b.shape);
      // d op(b) = op(a)^T g; with transB the stored b is its transpose: g^T op(a).
      if (!transB) K.matmul(a.data, g.data, db.data, k, m, n, { transA: !transA });
      else K.matmul(g.data, a.data, db.data, n, m, k, { transA: true, transB: transA });
    }
    return [da, db];
  });
}

export interface MaskedMatmulOpts {
  /**
   * Which weights get a gradient. 'dense' (default): every weight, DNW's straight-through rule.
   * A mask: the gradient is multiplied by it (the allowed edges; or the chosen mask itself, which
   * is the dnw-no-update baseline).
   */
  readonly gradMask?: Uint8Array | 'dense';
}

/**
 * y = (w . mask) x for w [out, in], x [in, batch], mask one byte per weight. The forward and the
 * input gradient run through the chosen edges only (CSR + sparse product); the weight gradient
 * dy x^T is dense: every edge, chosen or not, learns what it would contribute if it were live.
 */
export function maskedMatmul(w: Tensor, x: Tensor, mask: Uint8Array, opts: MaskedMatmulOpts = {}): Tensor {
  expectRank('maskedMatmul', w, 2, 'w');
  expectRank('maskedMatmul', x, 2, 'x');
  const [rows, cols] = w.shape;
  const batch = x.shape[1];
  if (x.shape[0] !== cols) {
    throw new ShapeError('maskedMatmul', `inner dimensions differ: ${showShape(w.shape)} @ ${showShape(x.shape)}`, [w.shape, x.shape]);
  }
  if (mask.length !== w.size) {
    throw new ShapeError('maskedMatmul', `mask has ${mask.length} entries for w ${showShape(w.shape)}`, [w.shape, [mask.length]]);
  }
  const gradMask = opts.gradMask ?? 'dense';
  if (gradMask !== 'dense' && gradMask.length !== w.size) {
    throw new ShapeError('maskedMatmul', `gradMask has ${gradMask.length} entries for w ${showShape(w.shape)}`, [w.shape, [gradMask.length]]);
  }
  const csr = csrFromMask(w, mask);
  const y = empty([rows, batch]);
  kernels().spmm(csr, x.data, y.data, batch);
  return record('maskedMatmul', [w, x], y, (g, needs) => {
    const K = kernels();
    let dw: Tensor | null = null;
    let dx: Tensor | null = null;
    if (needs[0]) {
      dw = empty(w.shape);
      // Dense however sparse the mask: x's zeros (pixels, ReLU) are what make it cheaper.
      if (K.weightGrad) K.weightGrad(g.data, x.data, dw.data, rows, batch, cols);
      else K.matmul(g.data, x.data, dw.data, rows, batch, cols, { transB: true });
      if (gradMask !== 'dense') {
        const d = dw.data;
        for (let i = 0; i < d.length; i++) if (gradMask[i] === 0) d[i] = 0;
      }
    }
    if (needs[1]) {
      dx = empty(x.shape);
      K.spmm(csr, g.data, dx.data, batch, { transA: true });
    }
    return [dw, dx];
  });
}

/**
 * A fresh mask with 1 for the k entries of largest |value| (ties: lower index; see the kernel).
 * Allocates: inside a training step, keep a mask buffer and call `kernels().topkMask` on it.
 */
export function topkMask(values: Float32Array, k: number): Uint8Array {
  const out = new Uint8Array(values.length);
  kernels().topkMask(values, k, out);
  return out;
}
