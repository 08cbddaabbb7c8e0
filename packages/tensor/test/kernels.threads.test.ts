// Two kernel threads against one: the split products must give bitwise the one-thread results, with
// the helper's rows really written (outputs start as NaN), resident buffers or not.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWasmKernels, type Kernels } from '../src/kernels/index.js';
import { noise, wasmKernelsOrThrow } from './kernels.reference.js';

let one: Kernels;
let two: Kernels;
beforeAll(async () => {
  one = await wasmKernelsOrThrow(256 * 2 ** 20);
  const r = await createWasmKernels({ memoryBytes: 256 * 2 ** 20, threads: 2 });
  if (r._tag === 'Left') throw new Error(`two-thread kernels did not start: ${r.left.stage}: ${r.left.message}`);
  two = r.right;
});
afterAll(() => two?.dispose?.());

const copyTo = (k: Kernels, data: Float32Array, resident: boolean): Float32Array => {
  const out = resident ? k.alloc(data.length) : new Float32Array(data.length);
  out.set(data);
  return out;
};

/** A share of `keep` of the entries set to 1 in a mask, deterministically from seed. */
const maskOf = (length: number, keep: number, seed: number): Uint8Array => {
  const u = noise(length, seed);
  return Uint8Array.from(u, (v) => ((v + 1) / 2 < keep ? 1 : 0));
};

const firstDifference = (a: Float32Array, b: Float32Array): number => {
  const ai = new Int32Array(a.buffer, a.byteOffset, a.length);
  const bi = new Int32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < a.length; i++) if (ai[i] !== bi[i]) return i;
  return -1;
};

const spmmBoth = (rows: number, cols: number, n: number, keep: number, seed: number, resident: boolean, accumulate: boolean) => {
  const w = noise(rows * cols, seed);
  const mask = maskOf(rows * cols, keep, seed + 1);
  const b = noise(cols * n, seed + 2);
  const start = accumulate ? noise(rows * n, seed + 3) : new Float32Array(rows * n).fill(Number.NaN);
  const run = (k: Kernels): Float32Array => {
    const into = resident ? k.allocCsr!(rows, cols, rows * cols) : undefined;
    const a = k.csrFromMask(copyTo(k, w, resident), Uint8Array.from(mask), rows, cols, into);
    const out = copyTo(k, start, resident);
    k.spmm(a, copyTo(k, b, resident), out, n, { accumulate });
    return out;
  };
  return [run(one), run(two)] as const;
};

describe('wasm kernels on two threads', () => {
  it('reports two threads', () => {
    expect(two.name).toBe('wasm');
    expect(two.threads).toBe(2);
    expect(one.threads ?? 1).toBe(1);
  });

  it('spmm: bitwise the one-thread product, for shapes large enough to split', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 420 }),
        fc.integer({ min: 1, max: 900 }),
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0.02, max: 0.5, noNaN: true }),
        fc.integer({ min: 0, max: 1000 }),
        fc.boolean(),
        fc.boolean(),
        (rows, cols, n, keep, seed, resident, accumulate) => {
          fc.pre(rows * cols * keep * n >= 2 ** 21);
          const [a, b] = spmmBoth(rows, cols, n, keep, seed, resident, accumulate);
          const at = firstDifference(a, b);
          expect(at, `${rows}x${cols} keep ${keep} n ${n}: entry ${at} is ${b[at]}, one thread gave ${a[at]}`).toBe(-1);
          expect(b.some(Number.isNaN)).toBe(false);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('spmm of the LeNet layer-1 shape (300x784 at 10%, n 128)', () => {
    const [a, b] = spmmBoth(300, 784, 128, 0.1, 5, true, false);
    expect(firstDifference(a, b)).toBe(-1);
  });

  it('weightGrad: bitwise the one-thread gradient, for shapes large enough to split', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 17, max: 420 }),
        fc.integer({ min: 8, max: 200 }),
        fc.integer({ min: 64, max: 900 }),
        fc.double({ min: 0.05, max: 0.5, noNaN: true }),
        fc.constantFrom(0, -0.4242, 1.5),
        fc.integer({ min: 0, max: 1000 }),
        fc.boolean(),
        (m, k, n, share, c, seed, resident) => {
          fc.pre(n * k * share * m >= 2 ** 21);
          const g = noise(m * k, seed);
          const off = maskOf(n * k, share, seed + 1);
          const u = noise(n * k, seed + 2);
          const x = Float32Array.from(u, (v, i) => (off[i] ? c + 2 * v : c));
          const run = (kern: Kernels): Float32Array => {
            const out = copyTo(kern, new Float32Array(m * n).fill(Number.NaN), resident);
            kern.weightGrad!(copyTo(kern, g, resident), copyTo(kern, x, resident), out, m, k, n);
            return out;
          };
          const a = run(one);
          const b = run(two);
          const at = firstDifference(a, b);
          expect(at, `m ${m} k ${k} n ${n} share ${share}: entry ${at} is ${b[at]}, one thread gave ${a[at]}`).toBe(-1);
          expect(b.some(Number.isNaN)).toBe(false);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('after dispose the kernels still work, on the calling thread', async () => {
    const r = await createWasmKernels({ memoryBytes: 64 * 2 ** 20, threads: 2 });
    if (r._tag === 'Left') throw new Error(r.left.message);
    const k = r.right;
    k.dispose!();
    k.dispose!();
    const w = noise(300 * 784, 9);
    const a = k.csrFromMask(w, maskOf(300 * 784, 0.1, 10), 300, 784);
    const b = noise(784 * 128, 11);
    const out = new Float32Array(300 * 128).fill(Number.NaN);
    k.spmm(a, b, out, 128);
    const ref = new Float32Array(300 * 128);
    one.spmm(one.csrFromMask(w, maskOf(300 * 784, 0.1, 10), 300, 784), b, ref, 128);
    expect(firstDifference(ref, out)).toBe(-1);
  });

  it('rejects a thread count other than 1 or 2', async () => {
    const r = await createWasmKernels({ threads: 3 as never });
    expect(r._tag).toBe('Left');
    if (r._tag === 'Left') expect(r.left.stage).toBe('threads');
  });
});
