import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeIdxImages, encodeIdxLabels, MNIST_FILES } from '../src/index.js';

export type FixtureFiles = Record<keyof typeof MNIST_FILES, Uint8Array>;

/** A tiny well-formed MNIST: 7 training and 3 test images of 4x5, pixel values from their position. */
export const tinyMnist = (): FixtureFiles => {
  const images = (n: number, salt: number) => {
    const px = new Uint8Array(n * 20);
    for (let i = 0; i < px.length; i++) px[i] = (i * 37 + salt) % 256;
    return encodeIdxImages(px, n, 4, 5);
  };
  const labels = (n: number) => encodeIdxLabels(Uint8Array.from({ length: n }, (_, i) => i % 10));
  return { trainImages: images(7, 1), trainLabels: labels(7), testImages: images(3, 2), testLabels: labels(3) };
};

/** Writes the given files (by MNIST key) into a fresh temp dir; `skip` leaves one out. */
export const writeFixture = async (files: Partial<FixtureFiles>): Promise<{ dir: string; cleanup: () => Promise<void> }> => {
  const dir = await mkdtemp(join(tmpdir(), 'dnw-data-'));
  for (const [key, bytes] of Object.entries(files)) {
    await writeFile(join(dir, MNIST_FILES[key as keyof typeof MNIST_FILES]), bytes);
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
};
