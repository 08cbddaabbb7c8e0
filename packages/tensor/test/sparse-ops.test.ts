import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ShapeError,
  Tensor,
  arenaAllocations,
  csrFromMask,
  maskedMatmul,
  matmul,
  mul,
  rng,
  spmm,
  sum,
  tensor,
  valueAndGrad,
} from '../src/index.js';
import { checkGrad, randn } from './gradcheck.js';

const TOL = 1e-3;
const masked = (w: Tensor, mask: Uint8Array) => tensor(w.data.map((v, i) => (mask[i] ? v : 0)), w.shape);
const transposed = (t: Tensor) => {
  const [r, c] = t.shape;
  const out = new Float32Array(t.size);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = t.data[i * c + j];
  return tensor(out, [c, r]);
};
const randomMask = (n: number, seed: number, density: number) => {
  const g = rng(seed);
  return Uint8Array.from({ length: n }, () => (g.uniform() < density ? 1 : 0));
};
const close = (a: Float32Array, b: Float32Array, tol = 1e-4) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(tol * (1 + Math.abs(b[i])));
};

const dims = fc.record({
  rows: fc.integer({ min: 1, max: 6 }),
  cols: fc.integer({ min: 1, max: 6 }),
  n: fc.integer({ min: 1, max: 5 }),
  density: fc.double({ min: 0, max: 1, noNaN: true }),
  seed: fc.integer({ min: 0, max: 1e6 }),
});

describe('csrFromMask and spmm (public ops)', () => {
  it('spmm(csrFromMask(w, mask), x) equals the dense product of the masked weights, both ways (property)', () => {
    fc.assert(
      fc.property(dims, fc.boolean(), ({ rows, cols, n, density, seed }, transA) => {
        const w = randn([rows, cols], seed);
        const mask = randomMask(w.size, seed + 1, density);
        const x = randn([transA ? rows : cols, n], seed + 2);
        const csr = csrFromMask(w, mask);
        expect(csr.nnz).toBe(mask.reduce((a, b) => a + b, 0));
        const y = spmm(csr, x, { transA });
        close(y.data, matmul(masked(w, mask), x, { transA }).data);
      }),
      { numRuns: 60 },
    );
  });

  it('spmm gradient in x matches finite differences, both ways', () => {
    const w = randn([5, 4], 1);
    const mask = randomMask(20, 2, 0.6);
    const csr = csrFromMask(w, mask);
    for (const transA of [false, true]) {
      const { relError, scale } = checkGrad((x) => spmm(csr, x, { transA }), [randn([transA ? 5 : 4, 3], 3)]);
      expect(scale).toBeGreaterThan(1e-3);
      expect(relError).toBeLessThan(TOL);
    }
  });

  it('inside a traced function the CSR is rebuilt in place: no allocation after the first call', () => {
    const w = randn([6, 5], 4);
    const mask = randomMask(30, 5, 0.5);
    const step = valueAndGrad((x: Tensor) => sum(spmm(csrFromMask(w, mask), x)));
    step(randn([5, 3], 6));
    const before = arenaAllocations();
    step(randn([5, 3], 7));
    expect(arenaAllocations()).toBe(before);
  });

  it('shape errors name both shapes', () => {
    const w = randn([3, 4], 1);
    expect(() => csrFromMask(w, new Uint8Array(5))).toThrow('csrFromMask: mask has 5 entries for w [3,4]');
    expect(() => csrFromMask(randn([12], 1), new Uint8Array(12))).toThrow(ShapeError);
    const csr = csrFromMask(w, new Uint8Array(12).fill(1));
    expect(() => spmm(csr, randn([3, 2], 2))).toThrow('spmm: inner dimensions differ: [3,4] @ [3,2]');
    expect(() => spmm(csr, randn([4, 2], 2), { transA: true })).toThrow('spmm: inner dimensions differ: [3,4]^T @ [4,2]');
  });
});

describe('properties of the differentiable products', () => {
  it('maskedMatmul: forward is matmul(w . mask, x); dx is its gradient; dw is the dense dw for any mask', () => {
    fc.assert(
      fc.property(dims, ({ rows, cols, n, density, seed }) => {
        const w = randn([rows, cols], seed);
        const x = randn([cols, n], seed + 1);
        const r = randn([rows, n], seed + 2);
        const mask = randomMask(w.size, seed + 3, density);
        const wm = masked(w, mask);
        close(maskedMatmul(w, x, mask).data, matmul(wm, x).data);
        const [, sparse] = valueAndGrad((p: { w: Tensor; x: Tensor }) => sum(mul(maskedMatmul(p.w, p.x, mask), r)), { copyResults: true })({ w, x });
        // dw of the dense product at w . mask is r x^T whatever the mask (the straight-through rule);
        // dx is (w . mask)^T r.
        const [, dense] = valueAndGrad((p: { w: Tensor; x: Tensor }) => sum(mul(matmul(p.w, p.x), r)), { copyResults: true })({ w: wm, x });
        close(sparse.w.data, dense.w.data);
        close(sparse.x.data, dense.x.data);
        // gradMask keeps exactly the masked entries of the dense gradient.
        const gm = randomMask(w.size, seed + 4, 0.5);
        const [, gated] = valueAndGrad((p: Tensor) => sum(mul(maskedMatmul(p, x, mask, { gradMask: gm }), r)))(w);
        for (let i = 0; i < w.size; i++) expect(gated.data[i]).toBe(gm[i] ? sparse.w.data[i] : 0);
      }),
      { numRuns: 40 },
    );
  });

  it('transposed matmul equals matmul of explicit transposes, in value and gradient', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: 1e6 }), (m, k, n, transA, transB, seed) => {
        const a = randn(transA ? [k, m] : [m, k], seed);
        const b = randn(transB ? [n, k] : [k, n], seed + 1);
        const r = randn([m, n], seed + 2);
        const ea = transA ? transposed(a) : a;
        const eb = transB ? transposed(b) : b;
        close(matmul(a, b, { transA, transB }).data, matmul(ea, eb).data);
        const [, gt] = valueAndGrad((p: Tensor[]) => sum(mul(matmul(p[0], p[1], { transA, transB }), r)), { copyResults: true })([a, b]);
        const [, ge] = valueAndGrad((p: Tensor[]) => sum(mul(matmul(p[0], p[1]), r)), { copyResults: true })([ea, eb]);
        close(gt[0].data, (transA ? transposed(ge[0]) : ge[0]).data);
        close(gt[1].data, (transB ? transposed(ge[1]) : ge[1]).data);
      }),
      { numRuns: 60 },
    );
  });
});
