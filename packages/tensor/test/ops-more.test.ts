import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  Tensor,
  batchNorm,
  concat,
  depthwiseConv3x3,
  layerNorm,
  relu,
  reshape,
  slice,
  tensor,
  valueAndGrad,
  sum,
  mul,
  matmul,
  addBias,
  softmaxCrossEntropy,
} from '../src/index.js';
import { checkGrad, expectGrad, randn } from './gradcheck.js';

describe('batchNorm', () => {
  it('normalises each row of a node-major matrix over the batch', () => {
    const x = randn([3, 8], 1, 4);
    const y = batchNorm(x);
    for (let r = 0; r < 3; r++) {
      const row = Array.from(y.data.subarray(r * 8, r * 8 + 8));
      const m = row.reduce((a, b) => a + b) / 8;
      const v = row.reduce((a, b) => a + (b - m) ** 2, 0) / 8;
      expect(m).toBeCloseTo(0, 5);
      expect(v).toBeCloseTo(1, 3);
    }
  });

  it('gradients, both axes, with and without affine parameters', () => {
    expectGrad((x) => batchNorm(x, { axis: 0 }), [randn([3, 6], 1)], { eps: 3e-3 });
    expectGrad((x) => batchNorm(x, { axis: 1 }), [randn([6, 3], 2)], { eps: 3e-3 });
    expectGrad((x, g, b) => batchNorm(x, { axis: 0, gamma: g, beta: b }), [randn([3, 6], 3), randn([3], 4), randn([3], 5)], { eps: 3e-3 });
    expectGrad((x, g) => batchNorm(x, { axis: 1, gamma: g }), [randn([6, 3], 3), randn([3], 4)], { eps: 3e-3 });
  });

  it('writes batch statistics and normalises with running ones in evaluation', () => {
    const x = tensor([1, 3, 5, 7, 0, 0, 0, 4], [2, 4]);
    const stats = { mean: new Float32Array(2), variance: new Float32Array(2) };
    batchNorm(x, { stats, eps: 0 });
    expect(Array.from(stats.mean)).toEqual([4, 1]);
    expect(Array.from(stats.variance)).toEqual([5, 3]);
    const running = { mean: new Float32Array([1, 0]), variance: new Float32Array([4, 1]) };
    const y = batchNorm(x, { running, eps: 0 });
    expect(Array.from(y.data)).toEqual([0, 1, 2, 3, 0, 0, 0, 4]);
    expectGrad((xx, g) => batchNorm(xx, { running, gamma: g }), [randn([2, 4], 7), randn([2], 8)]);
  });

  it('rejects mismatched parameters', () => {
    expect(() => batchNorm(randn([3, 4], 1), { gamma: randn([4], 1) })).toThrow('batchNorm: gamma [4] needs 3 entries for [3,4]');
  });
});

describe('layerNorm', () => {
  it('normalises each example over its features', () => {
    const y = layerNorm(randn([5, 3], 1, 3), { axis: 0 });
    for (let c = 0; c < 3; c++) {
      let m = 0;
      for (let r = 0; r < 5; r++) m += y.data[r * 3 + c];
      expect(m / 5).toBeCloseTo(0, 5);
    }
  });

  it('gradients, both axes, with affine parameters', () => {
    expectGrad((x) => layerNorm(x, { axis: 0 }), [randn([5, 3], 1)], { eps: 3e-3 });
    expectGrad((x, g, b) => layerNorm(x, { axis: 1, gamma: g, beta: b }), [randn([3, 5], 2), randn([5], 3), randn([5], 4)], { eps: 3e-3 });
    // Node-major: gamma and beta index the rows (features), the groups are the columns.
    expectGrad((x, g, b) => layerNorm(x, { axis: 0, gamma: g, beta: b }), [randn([5, 3], 5), randn([5], 6), randn([5], 7)], { eps: 3e-3 });
  });

  it('batchNorm on [batch, features] with beta only, and with running statistics', () => {
    expectGrad((x, b) => batchNorm(x, { axis: 1, beta: b }), [randn([6, 3], 8), randn([3], 9)], { eps: 3e-3 });
    const running = { mean: new Float32Array([0.5, -1, 0]), variance: new Float32Array([2, 0.5, 1]) };
    expectGrad((x, g, b) => batchNorm(x, { axis: 1, running, gamma: g, beta: b }), [randn([4, 3], 10), randn([3], 11), randn([3], 12)]);
  });
});

describe('layout', () => {
  it('slice along every axis', () => {
    const x = randn([3, 4, 5], 1);
    expectGrad((t) => slice(t, 0, 1, 3), [x]);
    expectGrad((t) => slice(t, 1, 0, 2), [x]);
    expectGrad((t) => slice(t, -1, 2, 5), [x]);
    const m = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(Array.from(slice(m, 1, 1, 3).data)).toEqual([2, 3, 5, 6]);
    expect(slice(m, 0, 1, 1).shape).toEqual([0, 3]);
    expect(() => slice(m, 1, 2, 4)).toThrow('slice: range [2, 4) out of bounds for axis 1 of [2,3]');
  });

  it('concat along an axis, and slice undoes it', () => {
    const a = randn([2, 3], 1);
    const b = randn([2, 1], 2);
    const c = randn([2, 2], 3);
    expectGrad((x, y, z) => concat([x, y, z], 1), [a, b, c]);
    expectGrad((x, y) => concat([x, y], 0), [a, randn([4, 3], 4)]);
    const j = concat([a, b, c], 1);
    expect(j.shape).toEqual([2, 6]);
    expect(Array.from(slice(j, 1, 3, 4).data)).toEqual(Array.from(b.data));
    expect(() => concat([a, randn([3, 3], 1)], 1)).toThrow('concat: shapes disagree off axis 1: [2,3], [3,3]');
  });

  it('concat property: round trip through slices', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 3 }), fc.integer(), (widths, rows, seed) => {
        const parts = widths.map((w, i) => randn([rows, w], seed + i));
        const joined = concat(parts, 1);
        let off = 0;
        for (const p of parts) {
          expect(Array.from(slice(joined, 1, off, off + p.shape[1]).data)).toEqual(Array.from(p.data));
          off += p.shape[1];
        }
      }),
      { numRuns: 50 },
    );
  });

  it('reshape shares data and passes gradients through', () => {
    const x = randn([2, 6], 1);
    const y = reshape(x, [3, -1]);
    expect(y.shape).toEqual([3, 4]);
    expect(y.data).toBe(x.data);
    expectGrad((t) => relu(reshape(t, [4, 3])), [tensor(x.data.map((v) => v + Math.sign(v) * 0.1), x.shape)]);
    expect(() => reshape(x, [5, -1])).toThrow('reshape: cannot view [2,6] as [5,-1]');
    // A reshaped parameter used next to itself keeps two gradient paths apart.
    const [, g] = valueAndGrad((t: Tensor) => sum(mul(reshape(t, [6, 2]), reshape(t, [6, 2]))))(x);
    for (let i = 0; i < x.size; i++) expect(g.data[i]).toBeCloseTo(2 * x.data[i], 5);
  });
});

describe('depthwiseConv3x3', () => {
  const dims = { batch: 2, height: 4, width: 5 };

  it('gradients for x and kernel', () => {
    expectGrad((x, k) => depthwiseConv3x3(x, k, dims), [randn([3, 40], 1), randn([3, 9], 2)]);
  });

  it('matches a direct 2-D cross-correlation with zero padding', () => {
    const x = randn([2, 40], 3);
    const k = randn([2, 9], 4);
    const y = depthwiseConv3x3(x, k, dims);
    const { batch, height, width } = dims;
    for (let c = 0; c < 2; c++)
      for (let b = 0; b < batch; b++)
        for (let i = 0; i < height; i++)
          for (let j = 0; j < width; j++) {
            let s = 0;
            for (let di = -1; di <= 1; di++)
              for (let dj = -1; dj <= 1; dj++) {
                const ii = i + di;
                const jj = j + dj;
                if (ii < 0 || jj < 0 || ii >= height || jj >= width) continue;
                s += k.data[c * 9 + (di + 1) * 3 + (dj + 1)] * x.data[c * 40 + b * 20 + ii * width + jj];
              }
            expect(y.data[c * 40 + b * 20 + i * width + j]).toBeCloseTo(s, 5);
          }
  });

  it('handles 1x1 images and rejects wrong shapes', () => {
    expectGrad((x, k) => depthwiseConv3x3(x, k, { batch: 3, height: 1, width: 1 }), [randn([2, 3], 5), randn([2, 9], 6)], { wrt: [0] });
    expect(() => depthwiseConv3x3(randn([3, 40], 1), randn([3, 8], 2), dims)).toThrow('depthwiseConv3x3: kernel [3,8] must be [3,9] for x [3,40]');
    expect(() => depthwiseConv3x3(randn([3, 41], 1), randn([3, 9], 2), dims)).toThrow(/x \[3,41\] is not \[C, 2\*4\*5\]/);
  });
});

describe('depthwiseConv3x3 sizes', () => {
  it('rejects fractional or negative image sizes even when they multiply out to x', () => {
    // 1 * 2.5 * 4 = 10 matches x [2,10], but rows of 4 would run past the 2.5-row image (NaN).
    const x = randn([2, 10], 1);
    const k = randn([2, 9], 2);
    expect(() => depthwiseConv3x3(x, k, { batch: 1, height: 2.5, width: 4 })).toThrow('depthwiseConv3x3: height must be a non-negative integer, got 2.5 for x [2,10]');
    expect(() => depthwiseConv3x3(x, k, { batch: -1, height: -2, width: 5 })).toThrow(/batch must be a non-negative integer/);
  });
});

describe('composite network', () => {
  it('a node-major MLP with batchNorm and softmax cross-entropy passes a joint gradient check', () => {
    const labels = new Uint8Array([0, 2, 1, 2]);
    const x = randn([5, 4], 9);
    const f = (w1: Tensor, b1: Tensor, w2: Tensor) => {
      const h = relu(addBias(batchNorm(matmul(w1, x)), b1, 0));
      return softmaxCrossEntropy(matmul(w2, h), labels, { axis: 0 });
    };
    expectGrad(f, [randn([6, 5], 10), randn([6], 11), randn([3, 6], 12)], { eps: 1e-3 });
  });
});
