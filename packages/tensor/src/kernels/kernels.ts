/**
 * The one seam between the math and the machine. Every hot loop of the project goes through a
 * `Kernels` record; `jsKernels` and the WASM kernels implement it and must give the same answers.
 * Kernels are imperative: they write into `out` buffers their caller owns and allocate nothing
 * per call (scratch space is grown once and reused).
 *
 * Layout: row-major Float32Array. A matrix "m x k" has element (i, j) at i * k + j.
 */

/** Compressed sparse rows of a rows x cols matrix. `rowPtr.length === rows + 1`. */
export interface Csr {
  readonly rows: number;
  readonly cols: number;
  /** Number of stored entries (rowPtr[rows]). */
  nnz: number;
  rowPtr: Int32Array;
  colIdx: Int32Array;
  values: Float32Array;
}

export interface MatmulOptions {
  /** Use A^T: A is stored k x m. No transpose is materialised. */
  readonly transA?: boolean;
  /** Use B^T: B is stored n x k. No transpose is materialised. */
  readonly transB?: boolean;
  /** out += product instead of out = product. */
  readonly accumulate?: boolean;
}

export interface SpmmOptions {
  /** Use A^T (A is rows x cols; the product is then cols x n and B is rows x n). */
  readonly transA?: boolean;
  /** out += product instead of out = product. */
  readonly accumulate?: boolean;
}

export interface Kernels {
  readonly name: 'wasm' | 'js';
  /** out (m x n) = op(A) (m x k) @ op(B) (k x n). */
  matmul(a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number, opts?: MatmulOptions): void;
  /**
   * out[i] = 1 for exactly k entries: those of largest |values[i]|, else 0.
   * Ties at the threshold: the lower index wins. NaN ranks above +Infinity (a NaN weight is always
   * chosen, so it surfaces in the loss instead of hiding). k <= 0 gives all zeros, k >= n all ones.
   */
  topkMask(values: Float32Array, k: number, out: Uint8Array): void;
  /**
   * CSR of w (rows x cols) keeping the entries where mask is 1 (explicit zeros kept, so the
   * structure is the mask's). Reuses `into`'s arrays when they are large enough.
   */
  csrFromMask(w: Float32Array, mask: Uint8Array, rows: number, cols: number, into?: Csr): Csr;
  /** out = op(A) @ B for sparse A: B is (A.cols x n), or (A.rows x n) with transA. */
  spmm(a: Csr, b: Float32Array, out: Float32Array, n: number, opts?: SpmmOptions): void;
  /**
   * out (m x n) = g (m x k) @ x^T for x stored n x k: a layer's dense weight gradient from the
   * cotangent g and the layer input x. Entries of x equal to its background (its minimum, or zero
   * where zeros are more common: zero pixels, ReLU zeros, a normalised background) are skipped when
   * they are most of x, so the cost follows the other entries. Same result as
   * matmul(g, x, out, m, k, n, { transB: true }) up to float rounding.
   */
  weightGrad?(g: Float32Array, x: Float32Array, out: Float32Array, m: number, k: number, n: number): void;
  /**
   * One SGD step on a parameter buffer, in place, PyTorch semantics: v = mu v + (g + wd w), then
   * w -= lr v (nesterov: w -= lr (g + wd w + mu v)). Buffers from `alloc` are updated without copies.
   */
  sgdUpdate?(w: Float32Array, g: Float32Array, v: Float32Array, lr: number, mu: number, wd: number, nesterov: boolean): void;
  /** out = relu(x + b) for x, out rows x cols and one bias per row (null: none). relu(NaN) = 0. */
  biasRelu?(x: Float32Array, b: Float32Array | null, out: Float32Array, rows: number, cols: number): void;
  /** dx = y > 0 ? g : 0 for relu's output y; db (one per row, optional) = the row sums of dx. */
  reluGrad?(y: Float32Array, g: Float32Array, dx: Float32Array, db: Float32Array | null, rows: number, cols: number): void;
  /**
   * out = (x - mean) / sqrt(variance + eps) per row of x (rows x cols), writing invstd per row.
   * given: mean and variance are read (evaluation); else the row's mean and biased variance are
   * computed and written there (batch normalisation of node-major states).
   */
  normRows?(
    x: Float32Array, out: Float32Array, rows: number, cols: number, eps: number,
    mean: Float32Array, variance: Float32Array, invstd: Float32Array, given: boolean,
  ): void;
  /** dx of normRows from the cotangent g, its output xhat and invstd (fixed: the statistics were given). */
  normRowsGrad?(g: Float32Array, xhat: Float32Array, invstd: Float32Array, dx: Float32Array, rows: number, cols: number, fixed: boolean): void;
  /**
   * A zeroed buffer the backend reads and writes without copying (for WASM: a view into its
   * linear memory, which never grows after start, so views stay valid). Plain JS: a new array.
   */
  alloc(length: number): Float32Array;
  /** Like `alloc`, for masks (top-k outputs, csrFromMask inputs). Zeroed. */
  allocMask?(length: number): Uint8Array;
  /**
   * An empty Csr (nnz 0) whose arrays hold `capacity` entries and live where the backend reads them
   * without copying; pass it as `into` to csrFromMask. Capacity rows * cols never needs to regrow.
   */
  allocCsr?(rows: number, cols: number, capacity: number): Csr;
}
