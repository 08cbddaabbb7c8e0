// The dense weight gradient dW = G X^T (G: m x k cotangents, X: n x k layer inputs, node-major)
// when most entries of X share one value c: MNIST background pixels (0 with 'unit' scaling, -0.42
// with 'standard'), ReLU zeros. With X = (X - c) + c, dW = G (X - c)^T + c rowsum(G) 1^T, and
// X - c is sparse: the product runs over its CSR only. Exact up to float rounding.

/** The smallest entry of x[0..len) (NaN if any entry is NaN): the candidate background value. */
export function minOf(x: usize, len: i32): f32 {
  if (len <= 0) return 0;
  let i = 0;
  let lo = f32x4.splat(load<f32>(x));
  let nan = v128.splat<i32>(0);
  for (; i + 4 <= len; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    lo = f32x4.pmin(lo, v); // pmin is one instruction; NaN is tracked apart
    nan = v128.or(nan, f32x4.ne(v, v));
  }
  if (v128.any_true(nan)) return NaN;
  let m = min(min(f32x4.extract_lane(lo, 0), f32x4.extract_lane(lo, 1)), min(f32x4.extract_lane(lo, 2), f32x4.extract_lane(lo, 3)));
  for (; i < len; i++) {
    const v = load<f32>(x + (<usize>i << 2));
    if (v != v) return NaN;
    m = min(m, v);
  }
  return m;
}

/** Number of entries of x[0..len) different from c. */
export function countNotEqual(x: usize, len: i32, c: f32): i32 {
  const cv = f32x4.splat(c);
  let acc = i32x4.splat(0);
  let i = 0;
  // Each lane of ne is 0 or -1: subtracting counts.
  for (; i + 4 <= len; i += 4) acc = i32x4.sub(acc, f32x4.ne(v128.load(x + (<usize>i << 2)), cv));
  let n = i32x4.extract_lane(acc, 0) + i32x4.extract_lane(acc, 1) + i32x4.extract_lane(acc, 2) + i32x4.extract_lane(acc, 3);
  for (; i < len; i++) if (load<f32>(x + (<usize>i << 2)) != c) n++;
  return n;
}

/**
 * CSR of x - c (x: rows x cols) over the entries where x != c, into rowPtr (rows + 1), offsets and
 * values, where offsets hold column * stride (the byte offset of that column's row in the product's
 * other operand: one multiply less per entry there). Returns nnz. 16 entries are tested at once:
 * most of a background row is skipped in one step.
 */
export function csrExcept(x: usize, rows: i32, cols: i32, c: f32, stride: i32, rowPtr: usize, colIdx: usize, values: usize): i32 {
  const cv = f32x4.splat(c);
  let nnz = 0;
  store<i32>(rowPtr, 0);
  for (let r = 0; r < rows; r++) {
    const row = x + (<usize>r * <usize>cols << 2);
    let j = 0;
    for (; j + 16 <= cols; j += 16) {
      const p = row + (<usize>j << 2);
      const m01 = i16x8.narrow_i32x4_s(f32x4.ne(v128.load(p), cv), f32x4.ne(v128.load(p, 16), cv));
      const m23 = i16x8.narrow_i32x4_s(f32x4.ne(v128.load(p, 32), cv), f32x4.ne(v128.load(p, 48), cv));
      let bits = i8x16.bitmask(i8x16.narrow_i16x8_s(m01, m23));
      while (bits != 0) {
        const t = j + ctz<i32>(bits);
        store<i32>(colIdx + (<usize>nnz << 2), t * stride);
        store<f32>(values + (<usize>nnz << 2), load<f32>(row + (<usize>t << 2)) - c);
        nnz++;
        bits &= bits - 1;
      }
    }
    for (; j < cols; j++) {
      const v = load<f32>(row + (<usize>j << 2));
      if (v != c) {
        store<i32>(colIdx + (<usize>nnz << 2), j * stride);
        store<f32>(values + (<usize>nnz << 2), v - c);
        nnz++;
      }
    }
    store<i32>(rowPtr + (<usize>(r + 1) << 2), nnz);
  }
  return nnz;
}

/**
 * gT (k x ldt) = g^T for g (m x k), its columns m..ldt zeroed, and base[o] = c * sum_b g[o, b] (the
 * rank-one term of the background), zero for o in m..ldt. ldt is m rounded up to 16: the product
 * then runs every output row in full 16-row blocks.
 */
export function transposeWithSums(g: usize, m: i32, k: i32, gT: usize, ldt: i32, base: usize, c: f32): void {
  const ld = <usize>ldt << 2;
  for (let o = 0; o < m; o++) {
    const row = g + (<usize>o * <usize>k << 2);
    let s: f32 = 0;
    for (let b = 0; b < k; b++) {
      const v = load<f32>(row + (<usize>b << 2));
      s += v;
      store<f32>(gT + <usize>b * ld + (<usize>o << 2), v);
    }
    store<f32>(base + (<usize>o << 2), c * s);
  }
  for (let o = m; o < ldt; o++) {
    for (let b = 0; b < k; b++) store<f32>(gT + <usize>b * ld + (<usize>o << 2), 0);
    store<f32>(base + (<usize>o << 2), 0);
  }
}

// @ts-ignore: decorator
@inline
function fma(acc: v128, a: v128, b: v128): v128 {
  return f32x4.add(acc, f32x4.mul(a, b));
}

// @ts-ignore: decorator
@inline
function storeColumn(dst: usize, ldo: usize, a: v128): void {
  store<f32>(dst, f32x4.extract_lane(a, 0));
  store<f32>(dst + ldo, f32x4.extract_lane(a, 1));
  store<f32>(dst + 2 * ldo, f32x4.extract_lane(a, 2));
  store<f32>(dst + 3 * ldo, f32x4.extract_lane(a, 3));
}

/**
 * out (m x n) = base 1^T + G (CSR)^T, G given transposed as gT (k x ldt, ldt a multiple of 16, from
 * transposeWithSums), CSR of n rows over k columns with offsets col * ldt * 4 (csrExcept's stride).
 * For a block of 16 output rows, gT's 16-wide slice (8 KiB at k = 128) stays in L1 while every CSR
 * row is summed into 4 accumulators; the block is stored as a column of out. The last block may
 * hold fewer than 16 real rows: it goes through `tile` (16 floats) and only those rows are written.
 */
export function weightGradCsr(rowPtr: usize, colIdx: usize, values: usize, n: i32, gT: usize, ldt: i32, m: i32, base: usize, out: usize, tile: usize): void {
  const ldo = <usize>n << 2;
  for (let o = 0; o < m; o += 16) {
    const go = gT + (<usize>o << 2);
    const bo = base + (<usize>o << 2);
    const b0 = v128.load(bo), b1 = v128.load(bo, 16), b2 = v128.load(bo, 32), b3 = v128.load(bo, 48);
    const dst0 = out + <usize>o * ldo;
    const full = o + 16 <= m;
    for (let i = 0; i < n; i++) {
      const e0 = load<i32>(rowPtr + (<usize>i << 2));
      const e1 = load<i32>(rowPtr + (<usize>(i + 1) << 2));
      let a0 = b0, a1 = b1, a2 = b2, a3 = b3;
      for (let e = e0; e < e1; e++) {
        const v = v128.load32_splat(values + (<usize>e << 2));
        const p = go + <usize>load<i32>(colIdx + (<usize>e << 2));
        a0 = fma(a0, v, v128.load(p)); a1 = fma(a1, v, v128.load(p, 16));
        a2 = fma(a2, v, v128.load(p, 32)); a3 = fma(a3, v, v128.load(p, 48));
      }
      const dst = dst0 + (<usize>i << 2);
      if (full) {
        storeColumn(dst, ldo, a0);
        storeColumn(dst + 4 * ldo, ldo, a1);
        storeColumn(dst + 8 * ldo, ldo, a2);
        storeColumn(dst + 12 * ldo, ldo, a3);
      } else {
        v128.store(tile, a0); v128.store(tile, a1, 16); v128.store(tile, a2, 32); v128.store(tile, a3, 48);
        for (let r = 0; r < m - o; r++) store<f32>(dst + <usize>r * ldo, load<f32>(tile + (<usize>r << 2)));
      }
    }
  }
}
