// The WASM side of Kernels.weightGrad (assembly/weight_grad.ts), kept apart from wasm.ts's core kernels.
import { checkMatmul } from './checks.js';
import type { KernelExports } from './wasm-loader.js';
import type { LinearMemory } from './wasm-memory.js';

export interface WeightGradExports {
  minOf(x: number, len: number): number;
  countNotEqual(x: number, len: number, c: number): number;
  csrExcept(x: number, rows: number, cols: number, c: number, stride: number, rowPtr: number, colIdx: number, values: number): number;
  transposeWithSums(g: number, m: number, k: number, gT: number, ldt: number, base: number, c: number): void;
  weightGradCsr(rowPtr: number, colIdx: number, values: number, n: number, gT: number, ldt: number, m: number, base: number, out: number, tile: number): void;
}

// The CSR product wins over the dense matmul while at most this share of x is off the background
// (measured: 300x128x784 at 19% 0.59 vs 1.65 ms dense; 100x128x300 breaks even near 58%). Under 16
// output rows the CSR product's per-column stores weigh more: there it needs a sparser x (10x128x784
// at 19%: 0.09 vs 0.11 ms dense; 10x128x100 at 50%: 0.033 vs 0.016 ms).
const SPARSE_SHARE = 0.55;
const SPARSE_SHARE_FEW_ROWS = 0.3;
const FEW_ROWS = 16;

const align = (bytes: number): number => Math.ceil(bytes / 64) * 64;

export function wasmWeightGrad(core: KernelExports, mem: LinearMemory) {
  const ex = core as unknown as KernelExports & WeightGradExports;
  const packBytes = core.matmulScratchFloats() * 4;
  return function weightGrad(g: Float32Array, x: Float32Array, out: Float32Array, m: number, k: number, n: number): void {
    checkMatmul(g, x, out, m, k, n, false, true);
    if (m === 0 || n === 0) return;
    const total = n * k;
    // gT and base get whole 16-row blocks (zero-padded): the product has no narrower path.
    const ldt = Math.ceil(m / 16) * 16;
    const sparseBytes = align((n + 1) * 4) + 2 * align(total * 4) + align(k * ldt * 4) + align(ldt * 4) + align(64);
    mem.beginScratch(mem.stagedBytes(g) + mem.stagedBytes(x) + mem.stagedBytes(out) + Math.max(packBytes, sparseBytes), 'weightGrad');
    const pg = mem.input(g);
    const px = mem.input(x);
    const po = mem.output(out, false);
    let c = ex.minOf(px, total);
    if (!Number.isFinite(c)) c = 0;
    let nnz = ex.countNotEqual(px, total, c);
    const limit = (m < FEW_ROWS ? SPARSE_SHARE_FEW_ROWS : SPARSE_SHARE) * total;
    if (nnz > limit && c !== 0) {
      // The minimum is not the background (an outlier below a zero background, say): try zero.
      const zeros = ex.countNotEqual(px, total, 0);
      if (zeros < nnz) {
        c = 0;
        nnz = zeros;
      }
    }
    if (nnz > limit) {
      core.matmul(pg, px, po, m, k, n, 0, 1, 0, mem.take(packBytes));
    } else {
      const rowPtr = mem.take((n + 1) * 4);
      const colIdx = mem.take(nnz * 4);
      const values = mem.take(nnz * 4);
      const gT = mem.take(k * ldt * 4);
      const base = mem.take(ldt * 4);
      const tile = mem.take(64);
      ex.csrExcept(px, n, k, c, ldt * 4, rowPtr, colIdx, values);
      ex.transposeWithSums(pg, m, k, gT, ldt, base, c);
      ex.weightGradCsr(rowPtr, colIdx, values, n, gT, ldt, m, base, po, tile);
    }
    mem.copyOut(out, po);
  };
}
