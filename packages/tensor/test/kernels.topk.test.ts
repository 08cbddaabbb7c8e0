import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsKernels, type Kernels } from '../src/kernels/index.js';
import { noise, refTopk, wasmKernelsOrThrow } from './kernels.reference.js';

let wasm: Kernels;
beforeAll(async () => {
  wasm = await wasmKernelsOrThrow();
});

// Values built to collide: special floats, repeated magnitudes of both signs, and NaNs.
const special = fc.constantFrom(0, -0, 1, -1, 2, -2, 1e-40, -1e-40, NaN, Infinity, -Infinity, 3.4e38);
const value = fc.oneof({ weight: 3, arbitrary: fc.float() }, { weight: 2, arbitrary: special });
const case_ = fc
  .array(value, { minLength: 0, maxLength: 300 })
  .chain((xs) => fc.record({ xs: fc.constant(Float32Array.from(xs)), k: fc.integer({ min: -2, max: xs.length + 2 }), resident: fc.boolean() }));

function run(kernels: Kernels, xs: Float32Array, k: number, resident: boolean): Uint8Array {
  const values = resident ? kernels.alloc(xs.length) : new Float32Array(xs.length);
  values.set(xs);
  const out = resident && kernels.allocMask ? kernels.allocMask(xs.length) : new Uint8Array(xs.length);
  out.fill(7); // stale contents must not leak through
  kernels.topkMask(values, k, out);
  return out;
}

describe('topkMask', () => {
  it('wasm and js pick the sort reference: exactly k, ties to the lower index, NaN above Infinity', () => {
    fc.assert(
      fc.property(case_, ({ xs, k, resident }) => {
        const want = refTopk(xs, k);
        for (const kernels of [jsKernels, wasm]) expect(run(kernels, xs, k, resident), kernels.name).toEqual(want);
      }),
      { numRuns: 600 },
    );
  });

  it('handles all-equal values, k = 0, k = n and out-of-range k', () => {
    for (const kernels of [jsKernels, wasm]) {
      for (const n of [1, 15, 16, 17, 100]) {
        const xs = new Float32Array(n).fill(-0.25);
        for (const k of [-1, 0, 1, Math.floor(n / 2), n - 1, n, n + 5]) {
          expect(run(kernels, xs, k, false), `${kernels.name} n=${n} k=${k}`).toEqual(refTopk(xs, k));
        }
      }
    }
  });

  it('selects exactly on large inputs with coarse values (many ties in every radix digit)', () => {
    const n = 100_003;
    const xs = noise(n, 9).map((v) => Math.round(v * 50) / 50);
    xs[77] = NaN;
    xs[n - 1] = -Infinity;
    for (const k of [1, 2, 3, 10_000, 50_001, n - 1]) {
      const want = refTopk(xs, k);
      for (const kernels of [jsKernels, wasm]) {
        const got = run(kernels, xs, k, kernels === wasm);
        expect(got.reduce((s, v) => s + v, 0)).toBe(k);
        expect(got, `${kernels.name} k=${k}`).toEqual(want);
      }
    }
  });

  it('stays exact while the weights drift step by step (the band around the last threshold) and after jumps', () => {
    const n = 20_011;
    const w = noise(n, 11);
    const step = noise(n, 12);
    const values = wasm.alloc(n);
    const out = wasm.allocMask!(n);
    for (let t = 0; t < 12; t++) {
      // Small steps keep the threshold inside the band; steps 4 and 8 rescale everything (no overlap).
      const jump = t === 4 ? 3 : t === 8 ? 1e-3 : 1;
      for (let i = 0; i < n; i++) w[i] = w[i] * jump + 1e-3 * step[(i + t) % n];
      if (t === 6) w.fill(0.5, 100, 5000); // a block of ties straddling the threshold
      values.set(w);
      for (const k of [2001, 10_000]) {
        wasm.topkMask(values, k, out);
        expect(out, `step ${t} k=${k}`).toEqual(refTopk(w, k));
      }
    }
  });

  it('stays exact when a strided sample misleads the first guess', () => {
    // Every 16th value (where a strided sample of 4096 out of 65536 looks) is tiny, the rest are not.
    const n = 65_536;
    const xs = noise(n, 13).map((v, i) => (i % 16 === 8 ? 1e-6 * v : 1 + v));
    for (const k of [100, 6_553, 40_000, 64_000]) {
      expect(run(wasm, xs, k, true), `k=${k}`).toEqual(refTopk(xs, k));
    }
  });

  it('rejects a non-integer k and a mask of the wrong length', () => {
    for (const kernels of [jsKernels, wasm]) {
      expect(() => kernels.topkMask(new Float32Array(4), 1.5, new Uint8Array(4))).toThrow('topkMask: k must be an integer, got 1.5');
      expect(() => kernels.topkMask(new Float32Array(4), 1, new Uint8Array(3))).toThrow('topkMask: out has 3 elements, expected [4] = 4');
    }
  });
});
