import type { Csr } from './kernels.js';

/** Where a backend puts CSR arrays it has to create. */
export interface CsrStorage {
  int32(length: number): Int32Array;
  float32(length: number): Float32Array;
}

export const heapStorage: CsrStorage = {
  int32: (length) => new Int32Array(length),
  float32: (length) => new Float32Array(length),
};

/**
 * A Csr of rows x cols able to hold nnz entries, reusing `into`'s arrays when they are large enough.
 * `into` of another shape is not reused (its arrays may still back another matrix). When an array
 * must grow it grows by half again, so a mask whose nnz drifts upward does not reallocate every step.
 */
export function csrTarget(rows: number, cols: number, nnz: number, into: Csr | undefined, storage: CsrStorage): Csr {
  if (into === undefined || into.rows !== rows || into.cols !== cols) {
    return { rows, cols, nnz, rowPtr: storage.int32(rows + 1), colIdx: storage.int32(nnz), values: storage.float32(nnz) };
  }
  const grown = (old: number): number => Math.min(rows * cols, Math.max(nnz, Math.ceil(old * 1.5)));
  if (into.rowPtr.length !== rows + 1) into.rowPtr = storage.int32(rows + 1);
  if (into.colIdx.length < nnz) into.colIdx = storage.int32(grown(into.colIdx.length));
  if (into.values.length < nnz) into.values = storage.float32(grown(into.values.length));
  into.nnz = nnz;
  return into;
}
