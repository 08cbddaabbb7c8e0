import { describe, expect, it } from 'vitest';
import { loadMnist, parseIdxImages, parseIdxLabels, encodeIdxImages, type DataError } from '../src/index.js';
import { tinyMnist, writeFixture, type FixtureFiles } from './fixtures.js';

const loadFrom = async (files: Partial<FixtureFiles>) => {
  const { dir, cleanup } = await writeFixture(files);
  try {
    return await loadMnist({ dir });
  } finally {
    await cleanup();
  }
};

const errorOf = async (files: Partial<FixtureFiles>): Promise<DataError> => {
  const r = await loadFrom(files);
  if (r._tag === 'Right') throw new Error('expected a DataError, got a dataset');
  return r.left;
};

describe('IDX parsing', () => {
  it('reads a well-formed tiny MNIST from disk as byte views', async () => {
    const r = await loadFrom(tinyMnist());
    expect(r._tag).toBe('Right');
    if (r._tag !== 'Right') return;
    const { train, test } = r.right;
    expect([train.count, train.rows, train.cols, train.features, train.classes]).toEqual([7, 4, 5, 20, 10]);
    expect(test.count).toBe(3);
    expect(Array.from(train.labels)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(train.images[21]).toBe((21 * 37 + 1) % 256);
  });

  it('keeps pixels as a view on the input, not a copy', () => {
    const bytes = encodeIdxImages(new Uint8Array(2 * 9).fill(7), 2, 3, 3);
    const r = parseIdxImages('x', bytes);
    if (r._tag !== 'Right') throw new Error(r.left.message);
    expect(r.right.pixels.buffer).toBe(bytes.buffer);
    expect(r.right.pixels.byteOffset).toBe(16);
    bytes[16] = 9;
    expect(r.right.pixels[0]).toBe(9);
  });

  it('accepts an ArrayBuffer as a browser fetch gives it', () => {
    const bytes = encodeIdxImages(new Uint8Array(4), 1, 2, 2);
    const r = parseIdxImages('x', bytes.buffer as ArrayBuffer);
    expect(r._tag).toBe('Right');
  });

  it('rejects a wrong magic number, naming the file', async () => {
    const files = tinyMnist();
    files.trainImages[2] = 0x0d; // float type instead of unsigned byte
    const e = await errorOf(files);
    expect(e._tag).toBe('DataError');
    expect(e.file).toBe('train-images-idx3-ubyte');
    expect(e.message).toBe('train-images-idx3-ubyte: bad magic number 0x00000d03: expected 0x00000803 (unsigned bytes, 3 dimensions) for an IDX image file');
  });

  it('rejects a label file given where images belong', async () => {
    const files = tinyMnist();
    const e = await errorOf({ ...files, testImages: files.testLabels });
    expect(e.file).toBe('t10k-images-idx3-ubyte');
    expect(e.reason).toMatch(/^wrong dimensions: magic number 0x00000801 declares 1 dimension but an IDX image file has 3/);
  });

  it('rejects a truncated file with the sizes in the message', async () => {
    const files = tinyMnist();
    const e = await errorOf({ ...files, trainImages: files.trainImages.subarray(0, 100) });
    expect(e.message).toBe('train-images-idx3-ubyte: truncated: header says 7 images of 4x5 (156 bytes) but the file has 100 bytes');
  });

  it('rejects a file shorter than its header', () => {
    const r = parseIdxLabels('l', new Uint8Array([0, 0, 8, 1, 0]));
    expect(r._tag === 'Left' && r.left.reason).toBe('truncated: 5 bytes, shorter than the 8-byte IDX header');
    const r2 = parseIdxLabels('l', new Uint8Array([0, 0]));
    expect(r2._tag === 'Left' && r2.left.reason).toMatch(/^truncated: 2 bytes/);
  });

  it('rejects an oversized file', async () => {
    const files = tinyMnist();
    const padded = new Uint8Array(files.trainLabels.length + 3);
    padded.set(files.trainLabels);
    const e = await errorOf({ ...files, trainLabels: padded });
    expect(e.message).toBe('train-labels-idx1-ubyte: oversized: header says 7 labels (15 bytes) but the file has 18 bytes (3 too many)');
  });

  it('rejects zero-sized images', () => {
    const r = parseIdxImages('im', encodeIdxImages(new Uint8Array(0), 3, 0, 28));
    expect(r._tag === 'Left' && r.left.reason).toBe('wrong dimensions: images of 0x28 pixels');
  });

  it('rejects test images whose size differs from the training images', async () => {
    const files = tinyMnist();
    const e = await errorOf({ ...files, testImages: encodeIdxImages(new Uint8Array(3 * 20), 3, 5, 4) });
    expect(e.message).toBe('t10k-images-idx3-ubyte: wrong dimensions: test images are 5x4 but training images are 4x5');
  });

  it('rejects a count mismatch between images and labels, naming both files', async () => {
    const files = tinyMnist();
    const e = await errorOf({ ...files, testLabels: tinyMnist().trainLabels });
    expect(e.message).toBe('t10k-labels-idx1-ubyte: count mismatch: 7 labels but t10k-images-idx3-ubyte has 3 images');
  });

  it('rejects a label outside 0..9', async () => {
    const files = tinyMnist();
    files.trainLabels[8 + 4] = 12;
    const e = await errorOf(files);
    expect(e.message).toBe('train-labels-idx1-ubyte: label 12 at index 4 is out of range 0..9');
  });

  it('reports a missing file with its path', async () => {
    const { trainLabels: _, ...rest } = tinyMnist();
    const e = await errorOf(rest);
    expect(e.file).toBe('train-labels-idx1-ubyte');
    expect(e.reason).toMatch(/^missing: no file at .*dnw-data-.*\/train-labels-idx1-ubyte$/);
  });

  it('reports a missing directory', async () => {
    const r = await loadMnist({ dir: '/nonexistent/dnw' });
    expect(r._tag === 'Left' && r.left.message).toBe('train-images-idx3-ubyte: missing: no file at /nonexistent/dnw/train-images-idx3-ubyte');
  });
});
