import { describe, expect, it } from 'vitest';
import { poolImages } from '../scripts/pool.mjs';

describe('poolImages', () => {
  it('averages each cell, splitting 28 rows as 9 / 9 / 10', () => {
    const img = new Uint8Array(28 * 28);
    // Bottom-right cell (rows 18..27, cols 18..27: 10x10) all 200; one pixel of the top-left cell 81.
    for (let r = 18; r < 28; r++) for (let c = 18; c < 28; c++) img[r * 28 + c] = 200;
    img[0] = 81;
    const out = poolImages(img, 1, 28, 28, 3, 3);
    expect([...out]).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 200]);
  });

  it('keeps the mean of a whole image when cells divide it evenly, image by image', () => {
    const count = 3;
    const img = new Uint8Array(count * 28 * 28);
    for (let i = 0; i < img.length; i++) img[i] = (i * 37) % 256;
    const out = poolImages(img, count, 28, 28, 7, 7);
    expect(out.length).toBe(count * 49);
    for (let n = 0; n < count; n++) {
      const mean = (a: Uint8Array) => a.reduce((s, x) => s + x, 0) / a.length;
      // Each pooled byte is rounded, so the means differ by at most half a grey level.
      expect(Math.abs(mean(out.subarray(n * 49, (n + 1) * 49)) - mean(img.subarray(n * 784, (n + 1) * 784)))).toBeLessThanOrEqual(0.5);
    }
  });

  it('rejects a grid finer than the image and a wrong byte count', () => {
    expect(() => poolImages(new Uint8Array(16), 1, 4, 4, 5, 2)).toThrow(RangeError);
    expect(() => poolImages(new Uint8Array(15), 1, 4, 4, 2, 2)).toThrow(/15 bytes are not 1 images of 4x4/);
  });
});
