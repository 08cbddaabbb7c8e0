import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ShapeError,
  Tensor,
  add,
  addBias,
  addBiasRelu,
  customVjp,
  empty,
  maskedMatmul,
  matmul,
  mean,
  mul,
  relu,
  scale,
  sigmoid,
  softmaxCrossEntropy,
  sub,
  sum,
  tanh,
  tensor,
  topkMask,
  valueAndGrad,
} from '../src/index.js';
import { checkGrad, expectGrad, GRAD_TOL as TOL, randAway, randn } from './gradcheck.js';

describe('checkGrad itself', () => {
  it('fails on a wrong gradient rule', () => {
    const wrongRelu = customVjp(
      (x: Tensor) => ({ out: relu(x), residuals: x }),
      (x, g) => {
        const dx = empty(x.shape);
        for (let i = 0; i < x.size; i++) dx.data[i] = x.data[i] > 0 ? 1.01 * g.data[i] : 0;
        return [dx];
      },
    );
    expect(checkGrad(wrongRelu, [randAway([4, 3], 1)]).relError).toBeGreaterThan(TOL);
    const forgotOneTerm = customVjp(
      (a: Tensor, b: Tensor) => ({ out: mul(a, b), residuals: b }),
      (b, g) => [mul(g, b), null],
    );
    expect(checkGrad(forgotOneTerm, [randn([3], 1), randn([3], 2)]).relError).toBeGreaterThan(TOL);
  });
});

describe('matmul', () => {
  for (const transA of [false, true]) {
    for (const transB of [false, true]) {
      it(`gradients, transA=${transA} transB=${transB}`, () => {
        const [m, k, n] = [3, 4, 5];
        const a = randn(transA ? [k, m] : [m, k], 1);
        const b = randn(transB ? [n, k] : [k, n], 2);
        expectGrad((x, y) => matmul(x, y, { transA, transB }), [a, b]);
      });
    }
  }

  it('computes the product', () => {
    const a = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    const b = tensor([1, 0, 0, 1, 1, 1], [3, 2]);
    expect(Array.from(matmul(a, b).data)).toEqual([4, 5, 10, 11]);
    expect(Array.from(matmul(a, a, { transB: true }).data)).toEqual([14, 32, 32, 77]);
    expect(Array.from(matmul(a, a, { transA: true }).data)).toEqual([17, 22, 27, 22, 29, 36, 27, 36, 45]);
  });

  it('shape errors name both shapes and the transposes', () => {
    expect(() => matmul(randn([2, 3], 1), randn([2, 3], 2))).toThrow('matmul: inner dimensions differ: [2,3] @ [2,3]');
    expect(() => matmul(randn([2, 3], 1), randn([3, 3], 2), { transA: true })).toThrow('[2,3]^T @ [3,3]');
    expect(() => matmul(randn([6], 1), randn([2, 3], 2))).toThrow(/rank 2, got \[6\]/);
  });

  it('random shapes (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.boolean(), fc.boolean(), fc.integer(), (m, k, n, tA, tB, seed) => {
        const a = randn(tA ? [k, m] : [m, k], seed);
        const b = randn(tB ? [n, k] : [k, n], seed + 1);
        expect(checkGrad((x, y) => matmul(x, y, { transA: tA, transB: tB }), [a, b]).relError).toBeLessThan(TOL);
      }),
      { numRuns: 25 },
    );
  });
});

describe('elementwise', () => {
  it('add, sub, mul gradients', () => {
    expectGrad(add, [randn([3, 4], 1), randn([3, 4], 2)]);
    expectGrad(sub, [randn([3, 4], 1), randn([3, 4], 2)]);
    expectGrad(mul, [randn([3, 4], 1), randn([3, 4], 2)]);
    expect(Array.from(sub(tensor([5, 1], [2]), tensor([2, 3], [2])).data)).toEqual([3, -2]);
  });

  it('scale, relu, tanh, sigmoid gradients', () => {
    expectGrad((x) => scale(x, -2.5), [randn([5], 1)]);
    expectGrad(relu, [randAway([4, 5], 2)]);
    expectGrad(tanh, [randn([4, 5], 3)], { eps: 3e-3 });
    expectGrad(sigmoid, [randn([4, 5], 4, 2)], { eps: 3e-3 });
  });

  it('sigmoid is stable at large |x|', () => {
    const y = sigmoid(tensor([-1000, 0, 1000], [3]));
    expect(Array.from(y.data)).toEqual([0, 0.5, 1]);
  });

  it('addBias along both axes', () => {
    expectGrad((x, b) => addBias(x, b, 0), [randn([3, 4], 1), randn([3], 2)]);
    expectGrad((x, b) => addBias(x, b, 1), [randn([3, 4], 1), randn([4], 2)]);
    expect(Array.from(addBias(tensor([0, 0, 0, 0, 0, 0], [2, 3]), tensor([1, 2], [2]), 0).data)).toEqual([1, 1, 1, 2, 2, 2]);
    expect(() => addBias(randn([3, 4], 1), randn([4], 2), 0)).toThrow('addBias: bias [4] does not match axis 0 of [3,4]');
    // An axis outside 0|1 (from untyped callers) must not silently act as axis 1.
    expect(() => addBias(randn([2, 2], 1), randn([2], 2), 2 as 0)).toThrow('addBias: axis must be 0 or 1, got 2 for [2,2]');
    expect(() => addBiasRelu(randn([2, 2], 1), randn([2], 2), -1 as 0)).toThrow(/addBiasRelu: axis must be 0 or 1/);
  });

  it('addBiasRelu equals relu(addBias) in value and gradient', () => {
    for (const axis of [0, 1] as const) {
      const x = randAway([3, 4], 5, 0.2);
      const b = tensor(axis === 0 ? [0.05, -0.05, 0.02] : [0.05, -0.05, 0.02, 0.01], [axis === 0 ? 3 : 4]);
      expectGrad((xx, bb) => addBiasRelu(xx, bb, axis), [x, b]);
      const fused = addBiasRelu(x, b, axis);
      expect(Array.from(fused.data)).toEqual(Array.from(relu(addBias(x, b, axis)).data));
    }
    expect(() => addBiasRelu(randn([3, 4], 1), randn([4], 2), 0)).toThrow('addBiasRelu: bias [4] does not match axis 0 of [3,4]');
  });

  it('shape mismatch names both shapes', () => {
    expect(() => add(randn([2, 3], 1), randn([3, 2], 1))).toThrow('add: shapes differ: [2,3] vs [3,2]');
    expect(() => mul(randn([2], 1), randn([3], 1))).toThrow(ShapeError);
  });
});

describe('reductions', () => {
  it('sum and mean to a scalar', () => {
    expectGrad((x) => sum(x), [randn([3, 4], 1)]);
    expectGrad((x) => mean(x), [randn([3, 4], 1)]);
    expect(sum(tensor([1, 2, 3], [3])).shape).toEqual([]);
    expect(mean(tensor([1, 2, 3], [3])).item()).toBe(2);
  });

  it('sum and mean along an axis', () => {
    for (const axis of [0, 1, 2, -1]) {
      expectGrad((x) => sum(x, axis), [randn([2, 3, 4], 1)]);
      expectGrad((x) => mean(x, axis), [randn([2, 3, 4], 1)]);
    }
    const x = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(Array.from(sum(x, 0).data)).toEqual([5, 7, 9]);
    expect(Array.from(mean(x, 1).data)).toEqual([2, 5]);
    expect(() => sum(x, 2)).toThrow('sum: axis 2 out of range for [2,3]');
  });
});

describe('softmaxCrossEntropy', () => {
  it('gradients with classes on axis 0 (node-major) and axis 1', () => {
    const labels = new Int32Array([2, 0, 1, 2, 3]);
    expectGrad((z) => softmaxCrossEntropy(z, labels, { axis: 0 }), [randn([4, 5], 1)]);
    expectGrad((z) => softmaxCrossEntropy(z, labels, { axis: 1 }), [randn([5, 4], 1)]);
  });

  it('both layouts give the same loss, and the loss is the textbook value', () => {
    const z = randn([3, 4], 2);
    const zt = tensor(Float32Array.from({ length: 12 }, (_, i) => z.data[(i % 3) * 4 + Math.floor(i / 3)]), [4, 3]);
    const labels = new Uint8Array([0, 2, 1, 1]);
    const a = softmaxCrossEntropy(z, labels, { axis: 0 }).item();
    const b = softmaxCrossEntropy(zt, labels, { axis: 1 }).item();
    expect(b).toBeCloseTo(a, 6);
    let ref = 0;
    for (let j = 0; j < 4; j++) {
      let s = 0;
      for (let c = 0; c < 3; c++) s += Math.exp(z.data[c * 4 + j]);
      ref += Math.log(s) - z.data[labels[j] * 4 + j];
    }
    expect(a).toBeCloseTo(ref / 4, 5);
  });

  it('is stable for huge logits', () => {
    const z = tensor([1000, -1000, 0, 1e30], [2, 2]);
    const v = softmaxCrossEntropy(z, new Uint8Array([0, 1]), { axis: 1 }).item();
    expect(Number.isFinite(v)).toBe(true);
    const [, g] = valueAndGrad((x: Tensor) => softmaxCrossEntropy(x, new Uint8Array([0, 1]), { axis: 1 }))(z);
    expect(Array.from(g.data).every(Number.isFinite)).toBe(true);
  });

  it('rejects wrong label counts and out-of-range labels', () => {
    expect(() => softmaxCrossEntropy(randn([3, 4], 1), new Uint8Array(3))).toThrow(/3 labels for logits \[3,4\]/);
    expect(() => softmaxCrossEntropy(randn([3, 4], 1), new Uint8Array([0, 1, 2, 3]))).toThrow(RangeError);
  });
});

describe('maskedMatmul', () => {
  const w = randn([6, 5], 1);
  const x = randn([5, 4], 2);
  const mask = topkMask(w.data, 9);

  it('forward equals the dense product of the masked weights', () => {
    const masked = tensor(w.data.map((v, i) => (mask[i] ? v : 0)), w.shape);
    const y = maskedMatmul(w, x, mask);
    const ref = matmul(masked, x);
    for (let i = 0; i < y.size; i++) expect(y.data[i]).toBeCloseTo(ref.data[i], 5);
  });

  it('dx flows through the chosen edges (checked against finite differences)', () => {
    expectGrad((xx) => maskedMatmul(w, xx, mask), [x]);
  });

  it('dw is dense: <x, dy> for every weight, chosen or not', () => {
    const r = randn([6, 4], 3);
    const [, g] = valueAndGrad((p: Tensor) => sum(mul(maskedMatmul(p, x, mask), r)))(w);
    // Hand-computed: dW[i][j] = sum_b r[i][b] x[j][b].
    for (let i = 0; i < 6; i++) {
      for (let j = 0; j < 5; j++) {
        let s = 0;
        for (let b = 0; b < 4; b++) s += r.data[i * 4 + b] * x.data[j * 4 + b];
        expect(g.data[i * 5 + j]).toBeCloseTo(s, 4);
      }
    }
  });

  it('gradMask zeroes the weight gradient outside it (the no-update baseline uses the mask itself)', () => {
    const r = randn([6, 4], 3);
    const [, dense] = valueAndGrad((p: Tensor) => sum(mul(maskedMatmul(p, x, mask), r)), { copyResults: true })(w);
    const [, masked] = valueAndGrad((p: Tensor) => sum(mul(maskedMatmul(p, x, mask, { gradMask: mask }), r)))(w);
    for (let i = 0; i < w.size; i++) expect(masked.data[i]).toBe(mask[i] ? dense.data[i] : 0);
    // And then it is the exact gradient of the masked product: a finite-difference check passes.
    expectGrad((ww) => maskedMatmul(ww, x, mask, { gradMask: mask }), [w]);
  });

  it('shape errors', () => {
    expect(() => maskedMatmul(w, randn([4, 4], 1), mask)).toThrow('maskedMatmul: inner dimensions differ: [6,5] @ [4,4]');
    expect(() => maskedMatmul(w, x, new Uint8Array(3))).toThrow(/mask has 3 entries for w \[6,5\]/);
  });
});
