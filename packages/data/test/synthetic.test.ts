import { describe, expect, it } from 'vitest';
import { Batcher, pixelStats, splitValidation, synthetic, type DatasetView } from '../src/index.js';

/** Plain softmax regression trained by SGD on node-major batches: the smallest honest learner. */
const trainSoftmax = (train: DatasetView, classes: number, steps: number) => {
  const F = train.dataset.features;
  const w = new Float64Array(classes * F);
  const bias = new Float64Array(classes);
  const norm = pixelStats(train.dataset);
  const batcher = new Batcher(train, { batchSize: 32, seed: 1, normalize: norm });
  const logits = new Float64Array(classes);
  const lr = 0.1;
  for (let s = 0; s < steps; s++) {
    const { x, labels, size } = batcher.next();
    const gw = new Float64Array(classes * F);
    const gb = new Float64Array(classes);
    for (let j = 0; j < size; j++) {
      let max = -Infinity;
      for (let c = 0; c < classes; c++) {
        let z = bias[c];
        for (let f = 0; f < F; f++) z += w[c * F + f] * x[f * size + j];
        logits[c] = z;
        max = Math.max(max, z);
      }
      let sum = 0;
      for (let c = 0; c < classes; c++) sum += (logits[c] = Math.exp(logits[c] - max));
      for (let c = 0; c < classes; c++) {
        const g = logits[c] / sum - (labels[j] === c ? 1 : 0);
        gb[c] += g / size;
        for (let f = 0; f < F; f++) gw[c * F + f] += (g * x[f * size + j]) / size;
      }
    }
    for (let i = 0; i < w.length; i++) w[i] -= lr * gw[i];
    for (let c = 0; c < classes; c++) bias[c] -= lr * gb[c];
  }
  return { w, bias, norm };
};

const accuracy = (view: DatasetView, model: ReturnType<typeof trainSoftmax>, classes: number) => {
  const F = view.dataset.features;
  const batcher = new Batcher(view, { batchSize: 100, seed: 0, shuffle: false, normalize: model.norm });
  let correct = 0;
  for (const { x, labels, size } of batcher.restOfEpoch()) {
    for (let j = 0; j < size; j++) {
      let best = 0;
      let bestZ = -Infinity;
      for (let c = 0; c < classes; c++) {
        let z = model.bias[c];
        for (let f = 0; f < F; f++) z += model.w[c * F + f] * x[f * size + j];
        if (z > bestZ) [best, bestZ] = [c, z];
      }
      if (best === labels[j]) correct++;
    }
  }
  return correct / view.indices.length;
};

describe('synthetic', () => {
  it('has the Dataset shape, balanced classes, and bytes that use the range', () => {
    const ds = synthetic({ classes: 4, features: 12, count: 1001, seed: 5 });
    expect([ds.count, ds.rows, ds.cols, ds.features, ds.classes]).toEqual([1001, 1, 12, 12, 4]);
    expect(ds.images.length).toBe(1001 * 12);
    const hist = [0, 0, 0, 0];
    for (const l of ds.labels) hist[l]++;
    expect(hist).toEqual([251, 250, 250, 250]);
    const { mean, std } = pixelStats(ds);
    expect(mean).toBeGreaterThan(0.3);
    expect(mean).toBeLessThan(0.7);
    expect(std).toBeGreaterThan(0.1);
  });

  it('is a pure function of its options', () => {
    const a = synthetic({ classes: 3, features: 8, count: 50, seed: 9 });
    const b = synthetic({ classes: 3, features: 8, count: 50, seed: 9 });
    const c = synthetic({ classes: 3, features: 8, count: 50, seed: 10 });
    expect(Array.from(a.images)).toEqual(Array.from(b.images));
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(Array.from(a.images)).not.toEqual(Array.from(c.images));
  });

  it('is learnable to high held-out accuracy in 300 steps, and noise makes it harder', () => {
    const run = (noise: number) => {
      const ds = synthetic({ classes: 5, features: 16, count: 3000, seed: 2, noise });
      const { train, validation } = splitValidation(ds, 1000);
      return accuracy(validation, trainSoftmax(train, 5, 300), 5);
    };
    const easy = run(0.5);
    expect(easy).toBeGreaterThan(0.97);
    expect(run(3)).toBeLessThan(easy - 0.1);
  });

  it('rejects bad options', () => {
    expect(() => synthetic({ classes: 1, features: 4, count: 10, seed: 0 })).toThrow(/classes must be an integer >= 2/);
    expect(() => synthetic({ classes: 3, features: 4, count: 10, seed: 0, noise: -1 })).toThrow(/noise must be >= 0/);
  });
});
