/**
 * Plain TypeScript twins of the WASM kernels: same answers (up to float summation order), no
 * initialisation, usable everywhere. Scratch arrays grow once and are reused.
 */
import { checkCsrFromMask, checkCsrStructure, checkMatmul, checkSpmm, checkTopk, csrStructureCode } from './checks.js';
import { csrTarget, heapStorage } from './csr.js';
import type { Csr, Kernels, MatmulOptions, SpmmOptions } from './kernels.js';
import { ABS_MASK, HIST1, HIST2, NAN_KEY } from './topk-keys.js';
import { weightGrad } from './js-weight-grad.js';
import { sgdUpdate } from './js-sgd.js';
import { biasRelu, reluGrad } from './js-relu.js';
import { normRows, normRowsGrad } from './js-norm-rows.js';

let transposed = new Float32Array(0);
const hist = new Int32Array(HIST1);
let candidates = new Int32Array(0);
// The bit view of the last values passed to topkMask: rebuilt only when the array changes.
let lastValues: Float32Array | undefined;
let lastBits: Int32Array = new Int32Array(0);

function matmul(a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number, opts?: MatmulOptions): void {
  const transA = opts?.transA === true;
  const transB = opts?.transB === true;
  checkMatmul(a, b, out, m, k, n, transA, transB);
  if (opts?.accumulate !== true) out.fill(0);
  if (m === 0 || n === 0 || k === 0) return;
  let bk = b;
  if (transB) {
    // B^T once into scratch keeps the inner loop a contiguous axpy over a row of B.
    if (transposed.length < k * n) transposed = new Float32Array(k * n);
    for (let j = 0; j < n; j++) {
      const src = j * k;
      for (let p = 0; p < k; p++) transposed[p * n + j] = b[src + p];
    }
    bk = transposed;
  }
  if (transA) {
    // A is k x m: walk its rows, each scattering into every output row.
    for (let p = 0; p < k; p++) {
      const ap = p * m;
      const bp = p * n;
      for (let i = 0; i < m; i++) {
        const v = a[ap + i];
        const o = i * n;
        for (let j = 0; j < n; j++) out[o + j] += v * bk[bp + j];
      }
    }
    return;
  }
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    const o = i * n;
    for (let p = 0; p < k; p++) {
      const v = a[ai + p];
      const bp = p * n;
      for (let j = 0; j < n; j++) out[o + j] += v * bk[bp + j];
    }
  }
}

const keyOf = (bits: number): number => Math.min(bits & ABS_MASK, NAN_KEY);

// Second result of findBucket (a module variable, so a call allocates nothing).
let above = 0;

/** Bucket holding the k-th largest key (1-based); sets `above` to the count in buckets above it. */
function findBucket(h: Int32Array, buckets: number, k: number): number {
  let seen = 0;
  for (let b = buckets - 1; b > 0; b--) {
    if (seen + h[b] >= k) {
      above = seen;
      return b;
    }
    seen += h[b];
  }
  above = seen;
  return 0;
}

function topkMask(values: Float32Array, k: number, out: Uint8Array): void {
  checkTopk(values, k, out);
  const n = values.length;
  if (k <= 0) return void out.fill(0);
  if (k >= n) return void out.fill(1);
  if (values !== lastValues || lastBits.buffer !== values.buffer) {
    lastBits = new Int32Array(values.buffer, values.byteOffset, n);
    lastValues = values;
  }
  const bits = lastBits;
  hist.fill(0);
  for (let i = 0; i < n; i++) hist[keyOf(bits[i]) >>> 20]++;
  const b1 = findBucket(hist, HIST1, k);
  let need = k - above;
  if (candidates.length < hist[b1]) candidates = new Int32Array(Math.max(hist[b1], candidates.length * 2));
  let count = 0;
  for (let i = 0; i < n; i++) {
    const key = keyOf(bits[i]);
    if (key >>> 20 === b1) candidates[count++] = key;
  }
  let threshold = b1 << 20;
  let equal = 0;
  for (let shift = 10; shift >= 0; shift -= 10) {
    hist.fill(0, 0, HIST2);
    for (let j = 0; j < count; j++) hist[(candidates[j] >>> shift) & (HIST2 - 1)]++;
    const b = findBucket(hist, HIST2, need);
    need -= above;
    threshold |= b << shift;
    if (shift > 0) {
      let kept = 0;
      for (let j = 0; j < count; j++) {
        const key = candidates[j];
        if (((key >>> shift) & (HIST2 - 1)) === b) candidates[kept++] = key;
      }
      count = kept;
    } else {
      equal = hist[b];
    }
  }
  writeMask(bits, threshold, need, equal, out);
}

/** out[i] = key > t, plus the first `ties` indices whose key equals t (of `equal` such keys). */
function writeMask(bits: Int32Array, t: number, ties: number, equal: number, out: Uint8Array): void {
  const n = bits.length;
  if (ties === equal) {
    for (let i = 0; i < n; i++) out[i] = keyOf(bits[i]) >= t ? 1 : 0;
    return;
  }
  let left = ties;
  for (let i = 0; i < n; i++) {
    const key = keyOf(bits[i]);
    if (key > t) out[i] = 1;
    else if (key === t && left > 0) {
      out[i] = 1;
      left--;
    } else out[i] = 0;
  }
}

function csrFromMask(w: Float32Array, mask: Uint8Array, rows: number, cols: number, into?: Csr): Csr {
  checkCsrFromMask(w, mask, rows, cols);
  let nnz = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) nnz++;
  const csr = csrTarget(rows, cols, nnz, into, heapStorage);
  const { rowPtr, colIdx, values } = csr;
  let e = 0;
  rowPtr[0] = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) {
      if (mask[base + c] !== 0) {
        colIdx[e] = c;
        values[e] = w[base + c];
        e++;
      }
    }
    rowPtr[r + 1] = e;
  }
  return csr;
}

function spmm(a: Csr, b: Float32Array, out: Float32Array, n: number, opts?: SpmmOptions): void {
  const transA = opts?.transA === true;
  checkSpmm(a, b, out, n, transA);
  checkCsrStructure(a, csrStructureCode(a));
  if (opts?.accumulate !== true) out.fill(0);
  const { rowPtr, colIdx, values, rows } = a;
  for (let r = 0; r < rows; r++) {
    const e1 = rowPtr[r + 1];
    if (transA) {
      // Scatter: row r of A sends b's row r to every column it holds.
      const br = r * n;
      for (let e = rowPtr[r]; e < e1; e++) {
        const v = values[e];
        const o = colIdx[e] * n;
        for (let j = 0; j < n; j++) out[o + j] += v * b[br + j];
      }
    } else {
      const o = r * n;
      for (let e = rowPtr[r]; e < e1; e++) {
        const v = values[e];
        const bc = colIdx[e] * n;
        for (let j = 0; j < n; j++) out[o + j] += v * b[bc + j];
      }
    }
  }
}

export const jsKernels: Kernels = {
  name: 'js',
  matmul,
  topkMask,
  csrFromMask,
  spmm,
  weightGrad,
  sgdUpdate,
  biasRelu,
  reluGrad,
  normRows,
  normRowsGrad,
  alloc: (length) => new Float32Array(length),
  allocMask: (length) => new Uint8Array(length),
  allocCsr: (rows, cols, capacity) => ({
    rows, cols, nnz: 0, rowPtr: new Int32Array(rows + 1), colIdx: new Int32Array(capacity), values: new Float32Array(capacity),
  }),
};
