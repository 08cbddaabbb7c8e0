/**
 * `dnw export <run-dir|wiring.json>`: the wiring history, checked and thinned, for the web demo.
 */
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../atomic-write.js';
import { UsageError, EXIT, type ExitCode } from '../exit.js';
import type { Io } from '../io.js';
import { readJsonFile } from '../read-json.js';
import { decodeWiringHistoryFile, thinSnapshots, type WiringHistoryFile } from '@dnw/pipeline';

export const WIRING_FILE = 'wiring.json';

export interface ExportOptions {
  readonly output?: string;
  readonly maxSnapshots: number;
}

/** A run directory stands for its `wiring.json`. */
const historyPath = async (input: string): Promise<string> => {
  try {
    return (await stat(input)).isDirectory() ? join(input, WIRING_FILE) : input;
  } catch {
    throw new UsageError(`not found: ${input} (expected a run directory or a ${WIRING_FILE} file)`);
  }
};

export const loadWiringHistory = async (input: string): Promise<{ path: string; history: WiringHistoryFile }> => {
  const path = await historyPath(input);
  const raw = await readJsonFile(path, 'wiring history');
  const decoded = decodeWiringHistoryFile(raw);
  if (decoded._tag === 'Left') throw new UsageError(`${path}: ${decoded.left}`);
  return { path, history: decoded.right };
};

export const exportCommand = async (input: string, opts: ExportOptions, io: Io): Promise<ExitCode> => {
  const { history } = await loadWiringHistory(resolve(io.cwd, input));
  const out: WiringHistoryFile = { ...history, snapshots: thinSnapshots(history.snapshots, opts.maxSnapshots) };
  const text = `${JSON.stringify(out)}\n`;
  const n = out.snapshots.length;
  const steps = n > 0 ? `steps ${out.snapshots[0]!.step}..${out.snapshots[n - 1]!.step}` : 'no steps';
  if (opts.output === undefined || opts.output === '-') {
    io.out.write(text);
  } else {
    const target = resolve(io.cwd, opts.output);
    await writeFileAtomic(target, text);
    io.err.write(`wrote ${n} snapshot${n === 1 ? '' : 's'} (${steps}) to ${target}\n`);
  }
  return EXIT.ok;
};
