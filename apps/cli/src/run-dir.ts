/**
 * Where a run keeps its files. Without `--out` a new run gets `runs/<local time>`; `--resume`
 * without `--out` continues the newest run under `runs/`.
 */
import { readdir, stat } from 'node:fs/promises';
import { listCheckpoints, type TrainFs } from '@dnw/pipeline';
import { join, resolve } from 'node:path';
import { UsageError } from './exit.js';

export const RUNS_DIR = 'runs';

const pad = (n: number): string => String(n).padStart(2, '0');

/** `2026-11-26_00-41-07`: sorts by time, and has no characters a shell or Windows dislikes. */
export const timestampName = (d: Date): string =>
  `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}_${pad(d.getHours())}-${pad(d.getMinutes())}-${pad(d.getSeconds())}`;

const exists = async (path: string): Promise<boolean> => {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
};

/** A fresh directory name under runs/: two runs started in the same second get -2, -3, ... */
export const newRunDir = async (cwd: string, now: Date): Promise<string> => {
  const base = join(resolve(cwd, RUNS_DIR), timestampName(now));
  let dir = base;
  for (let i = 2; await exists(dir); i++) dir = `${base}-${i}`;
  return dir;
};

/** The most recently modified directory under runs/, for `--resume` without `--out`. */
export const newestRunDir = async (cwd: string): Promise<string> => {
  const root = resolve(cwd, RUNS_DIR);
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    throw new UsageError(`--resume: no runs to resume under ${root} (pass --out <dir> to name one)`);
  }
  let best: { dir: string; time: number } | null = null;
  for (const name of names) {
    const dir = join(root, name);
    const s = await stat(dir);
    if (s.isDirectory() && (best === null || s.mtimeMs > best.time)) best = { dir, time: s.mtimeMs };
  }
  if (best === null) throw new UsageError(`--resume: no runs to resume under ${root} (pass --out <dir> to name one)`);
  return best.dir;
};

const readOnly = (op: string) => (): Promise<never> => Promise.reject(new Error(`${op}: the run-directory check only reads`));

/** Just enough of the pipeline's `TrainFs` for `listCheckpoints`: a directory listing, nothing written. */
const listingFs: TrainFs = {
  readdir: async (dir) => {
    try {
      return await readdir(dir);
    } catch {
      return [];
    }
  },
  mkdir: readOnly('mkdir'),
  readFile: readOnly('readFile'),
  writeFile: readOnly('writeFile'),
  rename: readOnly('rename'),
  remove: readOnly('remove'),
};

/**
 * A fresh run must not share a directory with another run's checkpoints: the pipeline keeps the
 * newest (highest-step) checkpoints, which could be the old run's, and a later `--resume` would
 * continue the wrong run.
 */
export const assertFreshRunDir = async (dir: string): Promise<void> => {
  const found = await listCheckpoints(listingFs, dir);
  if (found.length > 0) {
    throw new UsageError(`${dir} already holds checkpoints (newest: step ${found[0]!.step}): pass --resume to continue that run, or choose another --out`);
  }
};
