/**
 * The kernels worth two threads, split by output rows between the caller and a helper thread on
 * the same memory. Each output row is computed by the same code in the same order as on one thread,
 * so the results are bitwise those of the one-thread kernels. Small jobs stay on the calling thread:
 * posting and waiting cost more than they save.
 */
import type { KernelExports } from './wasm-loader.js';
import type { KernelHelper } from './wasm-helper.js';
import type { LinearMemory } from './wasm-memory.js';
import type { WeightGradExports } from './wasm-weight-grad.js';

/** The row-parallel entry points; the one-thread form is the kernels' exports themselves. */
export interface RowKernels {
  spmm(rowPtr: number, colIdx: number, values: number, rows: number, b: number, out: number, n: number, accumulate: number): void;
  weightGradCsr(rowPtr: number, colIdx: number, values: number, n: number, gT: number, ldt: number, m: number, base: number, out: number, tile: number): void;
  /** csrExcept then transposeWithSums (independent: two threads run them side by side). */
  csrAndTranspose(
    x: number, n: number, k: number, c: number, stride: number, rowPtr: number, colIdx: number, values: number,
    g: number, m: number, gT: number, ldt: number, base: number,
  ): void;
}

// Multiply-adds below which a product stays on one thread. A job hand-off costs about 10-30 us
// (a futex wake-up and the wait for the slower half); 2^20 multiply-adds take about 50 us here.
export const SPLIT_MIN_WORK = 1 << 20;

export function oneThreadRows(ex: KernelExports & WeightGradExports): RowKernels {
  return {
    spmm: (pr, pc, pv, rows, pb, po, n, acc) => ex.spmm(pr, pc, pv, rows, pb, po, n, acc),
    weightGradCsr: (pr, pc, pv, n, gT, ldt, m, base, out, tile) => ex.weightGradCsr(pr, pc, pv, n, gT, ldt, m, base, out, tile),
    csrAndTranspose(x, n, k, c, stride, rowPtr, colIdx, values, g, m, gT, ldt, base) {
      ex.csrExcept(x, n, k, c, stride, rowPtr, colIdx, values);
      ex.transposeWithSums(g, m, k, gT, ldt, base, c);
    },
  };
}

export function twoThreadRows(ex: KernelExports & WeightGradExports, mem: LinearMemory, helper: KernelHelper, minWork = SPLIT_MIN_WORK): RowKernels {
  const one = oneThreadRows(ex);
  // The helper's own 16-float tile for a partial last block (the caller's lives in its scratch).
  const helperTile = mem.alloc(64, 'the helper thread tile');

  /** The first row r with rowPtr[r] >= half the entries: halves of equal work. */
  const middleRow = (rowPtr: number, rows: number): number => {
    const p = rowPtr >> 2;
    const half = mem.i32[p + rows]! >> 1;
    let lo = 0;
    let hi = rows;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (mem.i32[p + mid]! < half) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  return {
    spmm(pr, pc, pv, rows, pb, po, n, acc) {
      const nnz = mem.i32[(pr >> 2) + rows]!;
      const r0 = middleRow(pr, rows);
      if (!helper.open || nnz * n < minWork || r0 <= 0 || r0 >= rows) return one.spmm(pr, pc, pv, rows, pb, po, n, acc);
      // rowPtr holds absolute entry indices: the helper's rows start at rowPtr + r0 unchanged.
      helper.post('spmm', pr + r0 * 4, pc, pv, rows - r0, pb, po + r0 * n * 4, n, acc);
      try {
        ex.spmm(pr, pc, pv, r0, pb, po, n, acc);
      } finally {
        helper.wait();
      }
    },
    weightGradCsr(pr, pc, pv, n, gT, ldt, m, base, out, tile) {
      const nnz = mem.i32[(pr >> 2) + n]!;
      const blocks = ldt >> 4;
      if (!helper.open || nnz * m < minWork || blocks < 2) return one.weightGradCsr(pr, pc, pv, n, gT, ldt, m, base, out, tile);
      // Whole 16-row blocks each; the helper's share ends with the partial block, if any. gT's and
      // the CSR's column offsets (col * ldt * 4) hold for any first row.
      const mid = Math.ceil(blocks / 2) * 16;
      helper.post('weightGradCsr', pr, pc, pv, n, gT + mid * 4, ldt, m - mid, base + mid * 4, out + mid * n * 4, helperTile);
      try {
        ex.weightGradCsr(pr, pc, pv, n, gT, ldt, mid, base, out, tile);
      } finally {
        helper.wait();
      }
    },
    csrAndTranspose(x, n, k, c, stride, rowPtr, colIdx, values, g, m, gT, ldt, base) {
      if (!helper.open || (n + ldt) * k < minWork >> 4) return one.csrAndTranspose(x, n, k, c, stride, rowPtr, colIdx, values, g, m, gT, ldt, base);
      helper.post('transposeWithSums', g, m, k, gT, ldt, base, c);
      try {
        ex.csrExcept(x, n, k, c, stride, rowPtr, colIdx, values);
      } finally {
        helper.wait();
      }
    },
  };
}
