/**
 * Files the CLI writes itself (the wiring history, exported JSON) appear whole or not at all:
 * written to a temporary name in the same directory, then renamed over the target.
 */
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import { makeDirs } from '@dnw/pipeline';

export const writeFileAtomic = async (path: string, text: string): Promise<void> => {
  await makeDirs(dirname(path), (level) => mkdir(level));
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await writeFile(tmp, text);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
};

/** Like `writeFileAtomic` for text produced in chunks, so the whole text never sits in memory. */
export const writeChunksAtomic = async (path: string, chunks: Iterable<string>): Promise<void> => {
  await makeDirs(dirname(path), (level) => mkdir(level));
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    const file = await open(tmp, 'w');
    try {
      for (const chunk of chunks) await file.write(chunk);
    } finally {
      await file.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
};
