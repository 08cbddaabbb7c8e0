/**
 * Creates `dir` and its missing parents one level at a time, with a plain (non-recursive) `mkdirOne`.
 * Node 20's `mkdir(dir, { recursive: true })` spins forever where a parent exists but refuses new
 * entries (under /proc, say); one level at a time turns that refusal into an ordinary error.
 * Platform-free: the caller passes its file system's single-level mkdir.
 */
export async function makeDirs(dir: string, mkdirOne: (dir: string) => Promise<unknown>): Promise<void> {
  const missing: string[] = [];
  let at = trimSeparators(dir);
  for (;;) {
    try {
      await mkdirOne(at);
      break;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'EEXIST') break;
      const parent = parentOf(at);
      if (code !== 'ENOENT' || parent === at) throw err;
      missing.push(at);
      at = parent;
    }
  }
  for (const level of missing.reverse()) {
    try {
      await mkdirOne(level);
    } catch (err) {
      if ((err as { code?: string }).code !== 'EEXIST') throw err;
    }
  }
}

const trimSeparators = (path: string): string => path.replace(/(.)[\\/]+$/, '$1');

const parentOf = (path: string): string => {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  if (cut < 0) return '.';
  return cut === 0 ? path.slice(0, 1) : path.slice(0, cut);
};
