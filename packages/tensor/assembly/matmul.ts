// Dense matmul, GotoBLAS-shaped: B is packed into 8-column panels (KC deep), A into 4-row panels,
// and a 4x8 micro-kernel keeps the whole C tile in 8 v128 accumulators. Packing is also where
// transA / transB are absorbed, so callers never materialise a transpose.

// 4x8 is the largest tile that fits SIMD128's 16 registers without spilling (8 accumulators,
// 2 B vectors, 1 A splat, addresses).
const MR: i32 = 4;
const NR: i32 = 8;
// KC x NR floats of B (8 KiB) stay in L1 across the row panels; MC x KC of A (128 KiB) in L2.
const KC: i32 = 256;
const MC: i32 = 128;
// B's packed block (KC x NC, 2 MiB) lives in L2/L3.
const NC: i32 = 2048;
const TILE_FLOATS: i32 = MR * NR;

/** Floats of scratch `matmul` needs (packed A, packed B, one edge tile). */
export function matmulScratchFloats(): i32 {
  return MC * KC + KC * NC + TILE_FLOATS;
}

/**
 * c (m x n) = op(a) (m x k) @ op(b) (k x n), or c += with `accumulate`. Pointers are byte addresses
 * of f32 arrays; `scratch` holds matmulScratchFloats() floats, 16-byte aligned.
 */
export function matmul(
  a: usize, b: usize, c: usize, m: i32, k: i32, n: i32,
  transA: bool, transB: bool, accumulate: bool, scratch: usize,
): void {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate) memory.fill(c, 0, <usize>(m * n) << 2);
    return;
  }
  const packA = scratch;
  const packB = scratch + (<usize>(MC * KC) << 2);
  const tile = packB + (<usize>(KC * NC) << 2);
  // Equal k blocks: 784 = 4 x 196 rather than 3 x 256 + 16, whose last block would pay a full C
  // load/store per 16 steps.
  const kb = (k + KC - 1) / KC;
  const kcMax = (k + kb - 1) / kb;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += kcMax) {
      const kc = min(kcMax, k - pc);
      packBBlock(b, packB, pc, kc, jc, nc, k, n, transB);
      const add = accumulate || pc > 0;
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packABlock(a, packA, ic, mc, pc, kc, m, k, transA);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          const bp = packB + (<usize>(jr * kc) << 2);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            const ap = packA + (<usize>(ir * kc) << 2);
            const cp = c + (<usize>((ic + ir) * n + jc + jr) << 2);
            if (mr == MR && nr == NR) {
              micro4x8(ap, bp, kc, cp, <usize>n << 2, add);
            } else {
              micro4x8(ap, bp, kc, tile, <usize>NR << 2, false);
              storeEdge(tile, cp, n, mr, nr, add);
            }
          }
        }
      }
    }
  }
}

// Panel layout: for each 8-column panel, kc rows of 8 floats; columns past n are zero.
function packBBlock(b: usize, dst: usize, pc: i32, kc: i32, jc: i32, nc: i32, k: i32, n: i32, transB: bool): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = min(NR, nc - jr);
    const panel = dst + (<usize>(jr * kc) << 2);
    const j0 = jc + jr;
    if (!transB) {
      // op(B)(p, j) = b[p * n + j]: rows of the panel are contiguous in b.
      if (nr == NR) {
        for (let p = 0; p < kc; p++) {
          const src = b + (<usize>((pc + p) * n + j0) << 2);
          const d = panel + (<usize>(p * NR) << 2);
          v128.store(d, v128.load(src));
          v128.store(d, v128.load(src, 16), 16);
        }
      } else {
        for (let p = 0; p < kc; p++) {
          const src = b + (<usize>((pc + p) * n + j0) << 2);
          const d = panel + (<usize>(p * NR) << 2);
          v128.store(d, f32x4.splat(0));
          v128.store(d, f32x4.splat(0), 16);
          for (let t = 0; t < nr; t++) store<f32>(d + (<usize>t << 2), load<f32>(src + (<usize>t << 2)));
        }
      }
    } else {
      // op(B)(p, j) = b[j * k + p]: each panel column is a contiguous run of b.
      if (nr < NR) {
        for (let p = 0; p < kc; p++) {
          const d = panel + (<usize>(p * NR) << 2);
          v128.store(d, f32x4.splat(0));
          v128.store(d, f32x4.splat(0), 16);
        }
      }
      for (let t = 0; t < nr; t++) {
        const src = b + (<usize>((j0 + t) * k + pc) << 2);
        const d = panel + (<usize>t << 2);
        for (let p = 0; p < kc; p++) {
          store<f32>(d + (<usize>(p * NR) << 2), load<f32>(src + (<usize>p << 2)));
        }
      }
    }
  }
}

// Panel layout: for each 4-row panel, kc columns of 4 floats; rows past m are zero.
function packABlock(a: usize, dst: usize, ic: i32, mc: i32, pc: i32, kc: i32, m: i32, k: i32, transA: bool): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const mr = min(MR, mc - ir);
    const panel = dst + (<usize>(ir * kc) << 2);
    const i0 = ic + ir;
    if (transA) {
      // op(A)(i, p) = a[p * m + i]: a panel column is 4 contiguous floats of a.
      if (mr == MR) {
        for (let p = 0; p < kc; p++) {
          v128.store(panel + (<usize>(p * MR) << 2), v128.load(a + (<usize>((pc + p) * m + i0) << 2)));
        }
      } else {
        for (let p = 0; p < kc; p++) {
          const d = panel + (<usize>(p * MR) << 2);
          const src = a + (<usize>((pc + p) * m + i0) << 2);
          v128.store(d, f32x4.splat(0));
          for (let r = 0; r < mr; r++) store<f32>(d + (<usize>r << 2), load<f32>(src + (<usize>r << 2)));
        }
      }
    } else {
      // op(A)(i, p) = a[i * k + p]: interleave 4 rows of a.
      if (mr == MR) {
        const s0 = a + (<usize>(i0 * k + pc) << 2);
        const s1 = s0 + (<usize>k << 2);
        const s2 = s1 + (<usize>k << 2);
        const s3 = s2 + (<usize>k << 2);
        let p = 0;
        for (; p + 4 <= kc; p += 4) {
          // 4x4 transpose of (rows r, columns p..p+3) into 4 panel columns.
          const off = <usize>p << 2;
          const r0 = v128.load(s0 + off);
          const r1 = v128.load(s1 + off);
          const r2 = v128.load(s2 + off);
          const r3 = v128.load(s3 + off);
          const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
          const t1 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
          const t2 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
          const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
          const d = panel + (<usize>(p * MR) << 2);
          v128.store(d, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
          v128.store(d, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7), 16);
          v128.store(d, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5), 32);
          v128.store(d, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7), 48);
        }
        for (; p < kc; p++) {
          const d = panel + (<usize>(p * MR) << 2);
          const off = <usize>p << 2;
          store<f32>(d, load<f32>(s0 + off));
          store<f32>(d, load<f32>(s1 + off), 4);
          store<f32>(d, load<f32>(s2 + off), 8);
          store<f32>(d, load<f32>(s3 + off), 12);
        }
      } else {
        for (let p = 0; p < kc; p++) v128.store(panel + (<usize>(p * MR) << 2), f32x4.splat(0));
        for (let r = 0; r < mr; r++) {
          const src = a + (<usize>((i0 + r) * k + pc) << 2);
          const d = panel + (<usize>r << 2);
          for (let p = 0; p < kc; p++) store<f32>(d + (<usize>(p * MR) << 2), load<f32>(src + (<usize>p << 2)));
        }
      }
    }
  }
}

// @ts-ignore: decorator
@inline
function fma(acc: v128, a: v128, b: v128): v128 {
  return f32x4.add(acc, f32x4.mul(a, b));
}

/** C tile (4 x 8, row stride `ldc` bytes) = or += packed A panel (kc x 4) @ packed B panel (kc x 8). */
function micro4x8(ap: usize, bp: usize, kc: i32, c: usize, ldc: usize, add: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  // One k step per iteration: unrolling made V8 spill accumulators, and a pointer bound instead of
  // a counter saves the loop an instruction (measured: 40 vs 36 GFLOP/s).
  const end = ap + (<usize>kc << 4);
  while (ap < end) {
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = fma(c00, a, b0); c01 = fma(c01, a, b1);
    a = v128.load32_splat(ap, 4);
    c10 = fma(c10, a, b0); c11 = fma(c11, a, b1);
    a = v128.load32_splat(ap, 8);
    c20 = fma(c20, a, b0); c21 = fma(c21, a, b1);
    a = v128.load32_splat(ap, 12);
    c30 = fma(c30, a, b0); c31 = fma(c31, a, b1);
    ap += 16;
    bp += 32;
  }
  const r1 = c + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
  if (add) {
    c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(r1)); c11 = f32x4.add(c11, v128.load(r1, 16));
    c20 = f32x4.add(c20, v128.load(r2)); c21 = f32x4.add(c21, v128.load(r2, 16));
    c30 = f32x4.add(c30, v128.load(r3)); c31 = f32x4.add(c31, v128.load(r3, 16));
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(r1, c10); v128.store(r1, c11, 16);
  v128.store(r2, c20); v128.store(r2, c21, 16);
  v128.store(r3, c30); v128.store(r3, c31, 16);
}

function storeEdge(tile: usize, c: usize, n: i32, mr: i32, nr: i32, add: bool): void {
  for (let r = 0; r < mr; r++) {
    const src = tile + (<usize>(r * NR) << 2);
    const dst = c + (<usize>(r * n) << 2);
    for (let t = 0; t < nr; t++) {
      const o = <usize>t << 2;
      const v = load<f32>(src + o);
      store<f32>(dst + o, add ? load<f32>(dst + o) + v : v);
    }
  }
}
