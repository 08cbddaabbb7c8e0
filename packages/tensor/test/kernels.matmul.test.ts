import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { isShapeError } from '../src/errors.js';
import { jsKernels, type Kernels } from '../src/kernels/index.js';
import { floats, mismatch, noise, place, refMatmul, wasmKernelsOrThrow } from './kernels.reference.js';

let wasm: Kernels;
beforeAll(async () => {
  wasm = await wasmKernelsOrThrow();
});

const dims = fc.record({
  m: fc.integer({ min: 1, max: 70 }),
  k: fc.integer({ min: 0, max: 70 }),
  n: fc.integer({ min: 1, max: 70 }),
  transA: fc.boolean(),
  transB: fc.boolean(),
  accumulate: fc.boolean(),
  resident: fc.boolean(),
});
const problem = dims.chain((d) =>
  fc.record({ d: fc.constant(d), a: floats(d.m * d.k), b: floats(d.k * d.n), c: floats(d.m * d.n) }),
);

describe('matmul', () => {
  it('wasm and js agree with the float64 reference (transposes, accumulate, k = 0, odd sizes)', () => {
    fc.assert(
      fc.property(problem, ({ d, a, b, c }) => {
        const { m, k, n, transA, transB, accumulate } = d;
        const ref = refMatmul(a, b, m, k, n, transA, transB);
        const want = accumulate ? ref.value.map((v, i) => v + c[i]) : ref.value;
        const scale = accumulate ? ref.scale.map((v, i) => v + Math.abs(c[i])) : ref.scale;
        for (const kernels of [jsKernels, wasm]) {
          const out = place(kernels, c, d.resident);
          kernels.matmul(place(kernels, a, d.resident), place(kernels, b, d.resident), out, m, k, n, { transA, transB, accumulate });
          expect(mismatch(out, want, scale), `${kernels.name} ${JSON.stringify(d)}`).toBe(-1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('crosses every blocking boundary (k > 256, m > 128) like the reference', () => {
    for (const [m, k, n, transA, transB] of [
      [133, 517, 45, false, false],
      [131, 300, 19, true, true],
      [9, 260, 2051, false, true],
    ] as const) {
      const a = noise(m * k, m);
      const b = noise(k * n, n);
      const ref = refMatmul(a, b, m, k, n, transA, transB);
      const out = wasm.alloc(m * n);
      out.fill(7);
      wasm.matmul(a, b, out, m, k, n, { transA, transB });
      expect(mismatch(out, ref.value, ref.scale)).toBe(-1);
      wasm.matmul(a, b, out, m, k, n, { transA, transB, accumulate: true });
      expect(mismatch(out, ref.value.map((v) => 2 * v), ref.scale.map((v) => 2 * v))).toBe(-1);
    }
  });

  it('k = 0 gives zeros, or leaves out alone when accumulating', () => {
    for (const kernels of [jsKernels, wasm]) {
      const out = Float32Array.of(1, 2, 3, 4, 5, 6);
      kernels.matmul(new Float32Array(0), new Float32Array(0), out, 2, 0, 3, { accumulate: true });
      expect(Array.from(out)).toEqual([1, 2, 3, 4, 5, 6]);
      kernels.matmul(new Float32Array(0), new Float32Array(0), out, 2, 0, 3);
      expect(Array.from(out)).toEqual([0, 0, 0, 0, 0, 0]);
    }
  });

  it('throws a ShapeError naming the kernel and sizes when lengths do not match the dims', () => {
    for (const kernels of [jsKernels, wasm]) {
      const call = (): void => kernels.matmul(new Float32Array(6), new Float32Array(12), new Float32Array(7), 2, 3, 4);
      expect(call).toThrow('matmul: out has 7 elements, expected [2,4] = 8');
      expect(() => kernels.matmul(new Float32Array(6), new Float32Array(12), new Float32Array(8), 2, 3.5, 4)).toThrow(
        'matmul: k must be a non-negative integer, got 3.5',
      );
      try {
        kernels.matmul(new Float32Array(5), new Float32Array(12), new Float32Array(8), 2, 3, 4);
        expect.unreachable();
      } catch (e) {
        expect(isShapeError(e)).toBe(true);
        expect(String(e)).toContain('matmul: a has 5 elements, expected [2,3] = 6');
      }
      expect(() => kernels.matmul(new Float32Array(6), new Float32Array(5), new Float32Array(4), 2, 3, 2, { transB: true })).toThrow(
        /b \(transposed\) has 5 elements, expected \[2,3\]/,
      );
    }
  });
});
