// Argument checks shared by every backend: cheap (a few comparisons), thrown before any work.
import { ShapeError, showShape } from '../errors.js';
import type { Csr } from './kernels.js';

const dim = (op: string, name: string, v: number): void => {
  if (!Number.isInteger(v) || v < 0) throw new ShapeError(op, `${name} must be a non-negative integer, got ${v}`);
};

const size = (op: string, name: string, actual: number, shape: readonly number[]): void => {
  const expected = shape.reduce((p, d) => p * d, 1);
  if (actual !== expected) {
    throw new ShapeError(op, `${name} has ${actual} elements, expected ${showShape(shape)} = ${expected}`, [shape]);
  }
};

export function checkMatmul(
  a: Float32Array, b: Float32Array, out: Float32Array,
  m: number, k: number, n: number, transA: boolean, transB: boolean,
): void {
  dim('matmul', 'm', m);
  dim('matmul', 'k', k);
  dim('matmul', 'n', n);
  size('matmul', transA ? 'a (transposed)' : 'a', a.length, transA ? [k, m] : [m, k]);
  size('matmul', transB ? 'b (transposed)' : 'b', b.length, transB ? [n, k] : [k, n]);
  size('matmul', 'out', out.length, [m, n]);
}

export function checkTopk(values: Float32Array, k: number, out: Uint8Array): void {
  if (Number.isNaN(k) || (Number.isFinite(k) && !Number.isInteger(k))) {
    throw new ShapeError('topkMask', `k must be an integer, got ${k}`);
  }
  size('topkMask', 'out', out.length, [values.length]);
}

export function checkCsrFromMask(w: Float32Array, mask: Uint8Array, rows: number, cols: number): void {
  dim('csrFromMask', 'rows', rows);
  dim('csrFromMask', 'cols', cols);
  size('csrFromMask', 'w', w.length, [rows, cols]);
  size('csrFromMask', 'mask', mask.length, [rows, cols]);
}

export function checkSpmm(a: Csr, b: Float32Array, out: Float32Array, n: number, transA: boolean): void {
  dim('spmm', 'n', n);
  if (a.rowPtr.length !== a.rows + 1 || a.colIdx.length < a.nnz || a.values.length < a.nnz || a.rowPtr[a.rows] !== a.nnz) {
    throw new ShapeError(
      'spmm',
      `malformed CSR of [${a.rows},${a.cols}]: rowPtr ${a.rowPtr.length} (expected ${a.rows + 1}), ` +
        `nnz ${a.nnz}, rowPtr[rows] ${a.rowPtr[a.rows]}, colIdx ${a.colIdx.length}, values ${a.values.length}`,
    );
  }
  const inner = transA ? a.rows : a.cols;
  const outer = transA ? a.cols : a.rows;
  const op = transA ? `[${a.cols},${a.rows}] (A^T)` : `[${a.rows},${a.cols}]`;
  if (b.length !== inner * n) {
    throw new ShapeError('spmm', `${op} @ b of ${b.length} elements, expected ${showShape([inner, n])}`, [[inner, n]]);
  }
  size('spmm', 'out', out.length, [outer, n]);
}

/**
 * The structure check of assembly/sparse.ts csrCheck, in TypeScript: -1 if rowPtr runs
 * non-decreasing from 0 to nnz and every column index is in [0, cols); else the first bad rowPtr
 * index, or -2 - the first bad colIdx position.
 */
export function csrStructureCode(a: Csr): number {
  const { rowPtr, colIdx, rows, cols, nnz } = a;
  if (rowPtr[0] !== 0) return 0;
  for (let r = 0; r < rows; r++) if (rowPtr[r + 1] < rowPtr[r] || rowPtr[r + 1] > nnz) return r + 1;
  for (let e = 0; e < nnz; e++) if (!(colIdx[e] >= 0 && colIdx[e] < cols)) return -2 - e;
  return -1;
}

/** Throws for a csrStructureCode other than -1. */
export function checkCsrStructure(a: Csr, code: number): void {
  if (code === -1) return;
  const what =
    code >= 0
      ? `rowPtr[${code}] = ${a.rowPtr[code]} breaks 0 = rowPtr[0] <= ... <= rowPtr[rows] = nnz ${a.nnz}`
      : `colIdx[${-2 - code}] = ${a.colIdx[-2 - code]} is outside [0, ${a.cols})`;
  throw new ShapeError('spmm', `malformed CSR of [${a.rows},${a.cols}]: ${what}`);
}
