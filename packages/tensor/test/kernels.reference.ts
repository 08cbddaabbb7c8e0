// Naive references the kernel tests compare both backends against, plus shared generators.
import fc from 'fast-check';
import { createWasmKernels } from '../src/kernels/index.js';
import type { Csr, Kernels } from '../src/kernels/index.js';

/** op(A) @ op(B) in float64, and the sum of |products| per entry (the scale of its rounding error). */
export function refMatmul(
  a: Float32Array, b: Float32Array, m: number, k: number, n: number, transA: boolean, transB: boolean,
): { value: Float64Array; scale: Float64Array } {
  const value = new Float64Array(m * n);
  const scale = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let abs = 0;
      for (let p = 0; p < k; p++) {
        const x = (transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j]);
        s += x;
        abs += Math.abs(x);
      }
      value[i * n + j] = s;
      scale[i * n + j] = abs;
    }
  }
  return { value, scale };
}

/** First index where got differs from want by more than 1e-5 relative to the entry's scale, or -1. */
export function mismatch(got: Float32Array, want: ArrayLike<number>, scale: ArrayLike<number>): number {
  if (got.length !== want.length) return 0;
  for (let i = 0; i < got.length; i++) {
    if (!(Math.abs(got[i] - want[i]) <= 1e-5 * scale[i] + 1e-30)) return i;
  }
  return -1;
}

/** Top-k by a plain sort: NaN above everything, then |x| descending, then index ascending. */
export function refTopk(values: Float32Array, k: number): Uint8Array {
  const rank = (x: number): number => (Number.isNaN(x) ? Number.POSITIVE_INFINITY : Math.abs(x));
  const isNan = (x: number): number => (Number.isNaN(x) ? 1 : 0);
  const order = Array.from(values, (_, i) => i).sort(
    (i, j) => isNan(values[j]) - isNan(values[i]) || rank(values[j]) - rank(values[i]) || i - j,
  );
  const out = new Uint8Array(values.length);
  for (let r = 0; r < Math.min(Math.max(k, 0), values.length); r++) out[order[r]] = 1;
  return out;
}

/** The dense rows x cols matrix a CSR stands for (zeros off the structure). */
export function csrToDense(a: Csr): Float32Array {
  const out = new Float32Array(a.rows * a.cols);
  for (let r = 0; r < a.rows; r++) {
    for (let e = a.rowPtr[r]; e < a.rowPtr[r + 1]; e++) out[r * a.cols + a.colIdx[e]] = a.values[e];
  }
  return out;
}

export async function wasmKernelsOrThrow(memoryBytes?: number): Promise<Kernels> {
  const r = await createWasmKernels(memoryBytes === undefined ? undefined : { memoryBytes });
  if (r._tag === 'Left') throw new Error(`wasm kernels did not start: ${r.left.stage}: ${r.left.message}`);
  return r.right;
}

/** Copies data into the backend's own memory (zero-copy path) when `resident`, else a fresh array. */
export function place(kernels: Kernels, data: Float32Array, resident: boolean): Float32Array {
  const out = resident ? kernels.alloc(data.length) : new Float32Array(data.length);
  out.set(data);
  return out;
}

/** Finite floats in [-4, 4] with a fair share of exact zeros and repeated values. */
export const entry = fc.oneof(
  { weight: 6, arbitrary: fc.float({ min: -4, max: 4, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 1, -1, 0.5) },
);

export const floats = (length: number): fc.Arbitrary<Float32Array> =>
  fc.array(entry, { minLength: length, maxLength: length }).map((xs) => Float32Array.from(xs));

/** Deterministic pseudo-random floats for large inputs (fast-check shrinking is pointless there). */
export function noise(length: number, seed: number): Float32Array {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = ((s >>> 0) / 2 ** 32) * 2 - 1;
  }
  return out;
}
