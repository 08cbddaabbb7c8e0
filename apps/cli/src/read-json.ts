/**
 * Reading a JSON input file the user named. Every failure is the user's to fix, so each becomes a
 * one-line `UsageError` naming the file and what is wrong with it.
 */
import { readFile } from 'node:fs/promises';
import { UsageError } from './exit.js';

export const readJsonFile = async (path: string, what: string): Promise<unknown> => {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${what} not found: ${path}`);
    if (code === 'EISDIR') throw new UsageError(`${what} is a directory: ${path}`);
    throw new UsageError(`cannot read ${what} ${path}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${what} ${path} is not valid JSON: ${(err as Error).message}`);
  }
};
