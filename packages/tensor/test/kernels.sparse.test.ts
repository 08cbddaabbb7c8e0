import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsKernels, type Csr, type Kernels } from '../src/kernels/index.js';
import { csrToDense, floats, mismatch, noise, place, refMatmul, wasmKernelsOrThrow } from './kernels.reference.js';

let wasm: Kernels;
beforeAll(async () => {
  wasm = await wasmKernelsOrThrow();
});

const masked = fc
  .record({ rows: fc.integer({ min: 1, max: 40 }), cols: fc.integer({ min: 1, max: 40 }), density: fc.constantFrom(0, 0.05, 0.3, 0.9, 1) })
  .chain(({ rows, cols, density }) =>
    fc.record({
      rows: fc.constant(rows),
      cols: fc.constant(cols),
      w: floats(rows * cols),
      mask: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: rows * cols, maxLength: rows * cols })
        .map((u) => Uint8Array.from(u, (x) => (x < density ? 1 : 0))),
    }),
  );

const spmmCase = masked.chain((a) =>
  fc.record({ n: fc.integer({ min: 1, max: 70 }), transA: fc.boolean(), accumulate: fc.boolean(), resident: fc.boolean() }).chain((o) => {
    const inner = o.transA ? a.rows : a.cols;
    const outer = o.transA ? a.cols : a.rows;
    return fc.record({ a: fc.constant(a), o: fc.constant(o), b: floats(inner * o.n), c: floats(outer * o.n) });
  }),
);

const maskedDense = (w: Float32Array, mask: Uint8Array): Float32Array => w.map((v, i) => (mask[i] ? v : 0));

describe('csrFromMask', () => {
  it('keeps exactly the masked entries, explicit zeros included, in row order', () => {
    fc.assert(
      fc.property(masked, ({ rows, cols, w, mask }) => {
        for (const kernels of [jsKernels, wasm]) {
          const csr = kernels.csrFromMask(w, mask, rows, cols);
          expect(csr.nnz).toBe(mask.reduce((s, v) => s + v, 0));
          expect(csr.rowPtr.length).toBe(rows + 1);
          expect(csr.rowPtr[rows]).toBe(csr.nnz);
          const structure = new Uint8Array(rows * cols);
          for (let r = 0; r < rows; r++) {
            for (let e = csr.rowPtr[r]; e < csr.rowPtr[r + 1]; e++) {
              if (e > csr.rowPtr[r]) expect(csr.colIdx[e]).toBeGreaterThan(csr.colIdx[e - 1]);
              structure[r * cols + csr.colIdx[e]] = 1;
            }
          }
          expect(structure).toEqual(mask);
          expect(csrToDense(csr)).toEqual(maskedDense(w, mask));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('gives the JS answer on a layer-sized learned-looking mask (runs of kept columns, any nonzero byte)', () => {
    const rows = 60, cols = 784;
    const w = noise(rows * cols, 11);
    const u = noise(rows * cols, 12);
    // Kept columns come in runs near the middle of each row, as DNW's first layer keeps central pixels.
    const mask = Uint8Array.from(u, (v, i) => {
      const c = i % cols;
      return Math.abs(c - 392) < 150 && v > 0.2 ? 1 + (i % 3) * 127 : 0;
    });
    const want = jsKernels.csrFromMask(w, mask, rows, cols);
    for (const got of [wasm.csrFromMask(w, mask, rows, cols), wasm.csrFromMask(w, mask, rows, cols, wasm.allocCsr!(rows, cols, want.nnz))]) {
      expect(got.nnz).toBe(want.nnz);
      expect(got.rowPtr).toEqual(want.rowPtr);
      expect(got.colIdx.subarray(0, got.nnz)).toEqual(want.colIdx.subarray(0, want.nnz));
      expect(got.values.subarray(0, got.nnz)).toEqual(want.values.subarray(0, want.nnz));
    }
  });

  it('reuses into when it is large enough and grows it when not', () => {
    for (const kernels of [jsKernels, wasm]) {
      const w = noise(12, 3);
      const sparse = Uint8Array.from({ length: 12 }, (_, i) => (i % 5 === 0 ? 1 : 0));
      const dense = new Uint8Array(12).fill(1);
      const into = kernels.allocCsr!(3, 4, 12);
      const first = kernels.csrFromMask(w, sparse, 3, 4, into);
      expect(first).toBe(into);
      const { colIdx, values } = first;
      const second = kernels.csrFromMask(w, dense, 3, 4, first);
      expect(second.colIdx).toBe(colIdx);
      expect(second.values).toBe(values);
      expect(csrToDense(second)).toEqual(w);
      const small = kernels.csrFromMask(w, sparse, 3, 4);
      const grown = kernels.csrFromMask(w, dense, 3, 4, small);
      expect(grown).toBe(small);
      expect(grown.nnz).toBe(12);
      expect(csrToDense(grown)).toEqual(w);
      const otherShape = kernels.csrFromMask(w, dense, 4, 3, small);
      expect(otherShape).not.toBe(small);
      expect(otherShape.rows).toBe(4);
    }
  });

  it('rejects w or mask of the wrong length', () => {
    for (const kernels of [jsKernels, wasm]) {
      expect(() => kernels.csrFromMask(new Float32Array(5), new Uint8Array(6), 2, 3)).toThrow('csrFromMask: w has 5 elements, expected [2,3] = 6');
      expect(() => kernels.csrFromMask(new Float32Array(6), new Uint8Array(5), 2, 3)).toThrow('csrFromMask: mask has 5 elements');
    }
  });
});

describe('spmm', () => {
  it('equals the dense product of the masked matrix (plain, transposed, accumulate)', () => {
    fc.assert(
      fc.property(spmmCase, ({ a, o, b, c }) => {
        const dense = maskedDense(a.w, a.mask);
        const ref = refMatmul(dense, b, o.transA ? a.cols : a.rows, o.transA ? a.rows : a.cols, o.n, o.transA, false);
        const want = o.accumulate ? ref.value.map((v, i) => v + c[i]) : ref.value;
        const scale = o.accumulate ? ref.scale.map((v, i) => v + Math.abs(c[i])) : ref.scale;
        for (const kernels of [jsKernels, wasm]) {
          const csr: Csr = o.resident
            ? kernels.csrFromMask(a.w, a.mask, a.rows, a.cols, kernels.allocCsr!(a.rows, a.cols, a.rows * a.cols))
            : kernels.csrFromMask(a.w, a.mask, a.rows, a.cols);
          const out = place(kernels, c, o.resident);
          kernels.spmm(csr, place(kernels, b, o.resident), out, o.n, { transA: o.transA, accumulate: o.accumulate });
          expect(mismatch(out, want, scale), `${kernels.name} ${JSON.stringify(o)}`).toBe(-1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('matches the dense kernel at a layer-sized shape', () => {
    const rows = 300, cols = 784, n = 128;
    const w = noise(rows * cols, 5);
    const mask = Uint8Array.from(noise(rows * cols, 6), (u) => (Math.abs(u) < 0.1 ? 1 : 0));
    const x = noise(cols * n, 7);
    const want = new Float32Array(rows * n);
    jsKernels.matmul(maskedDense(w, mask), x, want, rows, cols, n);
    const ref = refMatmul(maskedDense(w, mask), x, rows, cols, n, false, false);
    const csr = wasm.csrFromMask(w, mask, rows, cols);
    const out = new Float32Array(rows * n);
    wasm.spmm(csr, x, out, n);
    expect(mismatch(out, ref.value, ref.scale)).toBe(-1);
    expect(mismatch(want, ref.value, ref.scale)).toBe(-1);
  });

  it('rejects a dense operand or output of the wrong size, and a malformed CSR', () => {
    for (const kernels of [jsKernels, wasm]) {
      const csr = kernels.csrFromMask(new Float32Array(6), new Uint8Array(6).fill(1), 2, 3);
      expect(() => kernels.spmm(csr, new Float32Array(8), new Float32Array(8), 4)).toThrow('spmm: [2,3] @ b of 8 elements, expected [3,4]');
      expect(() => kernels.spmm(csr, new Float32Array(8), new Float32Array(8), 4, { transA: true })).toThrow('spmm: out has 8 elements, expected [3,4] = 12');
      const broken: Csr = { ...csr, nnz: 7 };
      expect(() => kernels.spmm(broken, new Float32Array(12), new Float32Array(8), 4)).toThrow(/spmm: malformed CSR/);
      // Indices that would read outside the matrix, in any position (SIMD blocks and the tail).
      for (const [rows, cols] of [[2, 3], [4, 10]] as const) {
        for (const bad of [cols, -1, 1 << 30]) {
          const ok = kernels.csrFromMask(new Float32Array(rows * cols), new Uint8Array(rows * cols).fill(1), rows, cols);
          for (const at of [0, ok.nnz - 1]) {
            const colIdx = ok.colIdx.slice();
            colIdx[at] = bad;
            const wrong: Csr = { ...ok, colIdx };
            expect(() => kernels.spmm(wrong, new Float32Array(cols * 2), new Float32Array(rows * 2), 2)).toThrow(
              `spmm: malformed CSR of [${rows},${cols}]: colIdx[${at}] = ${bad} is outside [0, ${cols})`,
            );
          }
        }
      }
      const rowPtr = Int32Array.of(0, 7, 6);
      expect(() => kernels.spmm({ ...csr, rowPtr }, new Float32Array(12), new Float32Array(8), 4)).toThrow(
        'spmm: malformed CSR of [2,3]: rowPtr[1] = 7 breaks',
      );
    }
  });
});
