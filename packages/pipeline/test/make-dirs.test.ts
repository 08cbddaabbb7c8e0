import { mkdir, mkdtemp, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDirs } from '@dnw/pipeline';

const errno = (code: string): Error => Object.assign(new Error(code), { code });

describe('makeDirs', () => {
  it('creates every missing level, parents first, and accepts an existing directory', async () => {
    const made = new Set(['/', '/a']);
    const calls: string[] = [];
    const mkdirOne = async (dir: string) => {
      calls.push(dir);
      if (made.has(dir)) throw errno('EEXIST');
      const parent = dir.slice(0, dir.lastIndexOf('/')) || '/';
      if (!made.has(parent)) throw errno('ENOENT');
      made.add(dir);
    };
    await makeDirs('/a/b/c/', mkdirOne);
    expect([...made]).toEqual(['/', '/a', '/a/b', '/a/b/c']);
    expect(calls).toEqual(['/a/b/c', '/a/b', '/a/b/c']);
    await makeDirs('/a/b', mkdirOne);
  });

  it('reports a parent that refuses new entries instead of looping (Node 20 recursive mkdir spins there)', async () => {
    const mkdirOne = async (dir: string) => {
      if (dir === '/proc') throw errno('EEXIST');
      throw errno('ENOENT');
    };
    await expect(makeDirs('/proc/nope/run', mkdirOne)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('passes other errors through', async () => {
    await expect(makeDirs('/x/y', async () => Promise.reject(errno('EACCES')))).rejects.toMatchObject({ code: 'EACCES' });
  });

  it('works on the real file system', async () => {
    const root = await mkdtemp(join(tmpdir(), 'dnw-make-dirs-'));
    const deep = join(root, 'a', 'b', 'c');
    await makeDirs(deep, (d) => mkdir(d));
    expect((await stat(deep)).isDirectory()).toBe(true);
    if (existsSync('/proc/self')) await expect(makeDirs('/proc/dnw-nope/run', (d) => mkdir(d))).rejects.toBeTruthy();
  });
});
