/**
 * Checkpoints on disk: `ckpt-<step>.json` files in one directory, each written atomically (tmp file
 * and rename), the newest `keep` kept. A checkpoint holds everything the next step depends on, so a
 * resumed run continues bit for bit.
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type { BatchPosition } from '@dnw/data';
import type { Config } from './config.js';
import { joinPath, writeAtomic, type TrainFs } from './fs.js';

export const CHECKPOINT_FORMAT = 'dnw-checkpoint' as const;

export interface Checkpoint {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly v: 1;
  /** Steps done. */
  readonly step: number;
  readonly config: Config;
  /** The next batch to train on. */
  readonly position: BatchPosition;
  /** @dnw/graph's `modelToJSON` (weights, running statistics, strategy states, the model's own rng). */
  readonly model: unknown;
  /** The optimiser's state (momentum buffers). */
  readonly optimizer: unknown;
  /** Wall-clock seconds spent training before this checkpoint. */
  readonly seconds: number;
}

const NAME = /^ckpt-(\d+)\.json$/;

export const checkpointName = (step: number): string => `ckpt-${String(step).padStart(8, '0')}.json`;

/** Checkpoint file names in `dir`, newest (highest step) first. */
export const listCheckpoints = async (fs: TrainFs, dir: string): Promise<{ step: number; path: string }[]> =>
  (await fs.readdir(dir))
    .map((name) => ({ m: NAME.exec(name), name }))
    .filter((e): e is { m: RegExpExecArray; name: string } => e.m !== null)
    .map(({ m, name }) => ({ step: Number(m[1]), path: joinPath(dir, name) }))
    .sort((a, b) => b.step - a.step);

/** Writes `ckpt` atomically, then deletes all but the newest `keep`. Returns its path. */
export const saveCheckpoint = async (fs: TrainFs, dir: string, ckpt: Checkpoint, keep: number): Promise<string> => {
  await fs.mkdir(dir);
  const path = joinPath(dir, checkpointName(ckpt.step));
  await writeAtomic(fs, path, JSON.stringify(ckpt));
  const all = await listCheckpoints(fs, dir);
  for (const old of all.slice(keep)) await fs.remove(old.path);
  return path;
};

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);

/** Reads and checks the envelope of a checkpoint file; the model and optimiser parts are checked by their decoders. */
export const readCheckpoint = async (fs: TrainFs, path: string): Promise<Either<string, Checkpoint>> => {
  let text: string;
  try {
    text = new TextDecoder().decode(await fs.readFile(path));
  } catch (err) {
    return left(`${path}: cannot read: ${err instanceof Error ? err.message : String(err)}`);
  }
  let u: unknown;
  try {
    u = JSON.parse(text);
  } catch {
    return left(`${path}: not JSON (a torn or foreign file)`);
  }
  if (!isRecord(u) || u.format !== CHECKPOINT_FORMAT) return left(`${path}: not a dnw checkpoint (format is not "${CHECKPOINT_FORMAT}")`);
  if (u.v !== 1) return left(`${path}: checkpoint version ${JSON.stringify(u.v)} is not supported (expected 1)`);
  const pos = u.position;
  if (!(Number.isSafeInteger(u.step) && (u.step as number) >= 0)) return left(`${path}: step: expected a non-negative integer`);
  if (!isRecord(pos) || !Number.isSafeInteger(pos.epoch) || !Number.isSafeInteger(pos.batch)) {
    return left(`${path}: position: expected { epoch, batch } integers`);
  }
  if (!isRecord(u.config)) return left(`${path}: config: expected an object`);
  if (typeof u.seconds !== 'number') return left(`${path}: seconds: expected a number`);
  return right(u as unknown as Checkpoint);
};
