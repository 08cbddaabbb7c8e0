/**
 * The little file access training needs, so the training loop runs unchanged where there are no
 * files (a browser passes none and sets `checkpoint.dir` to null). Paths are '/'-joined strings.
 */
export interface TrainFs {
  mkdir(dir: string): Promise<void>;
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, data: Uint8Array | string): Promise<void>;
  /** Replaces `to` atomically if it exists (POSIX rename). */
  rename(from: string, to: string): Promise<void>;
  /** Entry names of `dir`; [] when it does not exist. */
  readdir(dir: string): Promise<string[]>;
  /** Removes a file; no error if it is already gone. */
  remove(path: string): Promise<void>;
}

export const joinPath = (dir: string, name: string): string => (dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`);

/** Writes through `path.tmp` and a rename, so a crash mid-write never leaves a torn file at `path`. */
export const writeAtomic = async (fs: TrainFs, path: string, data: Uint8Array | string): Promise<void> => {
  const tmp = `${path}.tmp`;
  await fs.writeFile(tmp, data);
  await fs.rename(tmp, path);
};
