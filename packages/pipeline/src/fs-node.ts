/** Node's file system behind `TrainFs`. Loaded lazily by `train` so browser bundles never need `node:fs`. */
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import type { TrainFs } from './fs.js';
import { makeDirs } from './make-dirs.js';

export const nodeFs: TrainFs = {
  mkdir: (dir) => makeDirs(dir, (level) => mkdir(level)),
  readFile: async (path) => new Uint8Array(await readFile(path)),
  writeFile: (path, data) => writeFile(path, data),
  rename: (from, to) => rename(from, to),
  readdir: async (dir) => {
    try {
      return await readdir(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  },
  remove: (path) => rm(path, { force: true }),
};
