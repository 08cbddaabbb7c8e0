import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { formatRecord, parseRecords, type RunRecord } from '@dnw/report';

/** The records already in a sweep's file ([] when there is no file yet); a bad file is an error naming the line. */
export const readRecords = async (path: string): Promise<RunRecord[]> => {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const parsed = parseRecords(text);
  if (parsed._tag === 'Left') throw new Error(`${path}: ${parsed.left.message}`);
  return parsed.right;
};

/** One line per finished run: a crash between runs leaves a whole file; at worst a torn last line. */
export const appendRecord = async (path: string, r: RunRecord): Promise<void> => {
  await mkdir(dirname(path), { recursive: true });
  await appendFile(path, `${formatRecord(r)}\n`);
};
