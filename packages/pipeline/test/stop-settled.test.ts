// Stopping a run never leaves a file half-written: the write in flight finishes, then the run says
// it has settled (in this thread: deps.onSettled; in a worker: the worker is terminated only then).
import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { nodeFs } from '../src/fs-node.js';
import type { TrainFs } from '../src/fs.js';
import { train } from '../src/train.js';
import { trainInWorker } from '../src/worker.js';
import { small, tempDir } from './train-fixtures.js';
import { assertWorkerBuilt, workerUrl } from './worker-built.js';

describe('stopping during a checkpoint write', () => {
  it('finishes the write (tmp file, rename) before onSettled, and writes nothing after', async () => {
    const dir = await tempDir();
    const log: string[] = [];
    let stop: () => void = () => {};
    // A slow disk: each checkpoint write takes 200 ms, and the test unsubscribes while one is under way.
    const slow: TrainFs = {
      ...nodeFs,
      writeFile: async (path, data) => {
        log.push(`write ${path.split('/').pop()}`);
        stop();
        await new Promise((r) => setTimeout(r, 200));
        await nodeFs.writeFile(path, data);
        log.push('written');
      },
      rename: async (from, to) => {
        await nodeFs.rename(from, to);
        log.push(`rename -> ${to.split('/').pop()}`);
      },
    };
    await new Promise<void>((settled) => {
      const sub = train({ ...small, epochs: 5, checkpoint: { dir, every: 10, keep: 3 } }, { fs: slow, onSettled: () => (log.push('settled'), settled()) }).subscribe(
        (e) => log.push(e.type === 'step' ? `step` : e.type),
      );
      stop = () => sub.unsubscribe();
    });
    expect(log.slice(-4)).toEqual(['write ckpt-00000010.json.tmp', 'written', 'rename -> ckpt-00000010.json', 'settled']);
    // Unsubscribed at the first write: no checkpoint event reached the subscriber, and only one file was written.
    expect(log.filter((l) => l === 'checkpoint')).toEqual([]);
    expect((await readdir(dir)).sort()).toEqual(['ckpt-00000010.json']);
  });

  it('calls onSettled once when a run completes on its own', async () => {
    let calls = 0;
    await new Promise<void>((done) => train({ ...small, steps: 3 }, { onSettled: () => calls++ }).subscribe({ complete: done }));
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toBe(1);
  });

  it('a worker stopped mid-run is terminated only after it settled, leaving no tmp file', async () => {
    assertWorkerBuilt();
    const dir = await tempDir();
    const config = { ...small, epochs: 50, backend: 'js', checkpoint: { dir, every: 5, keep: 2 } };
    const t0 = Date.now();
    let terminatedAt = 0;
    await new Promise<void>((terminated) => {
      const sub = trainInWorker(config, { workerUrl, onTerminated: () => ((terminatedAt = Date.now()), terminated()) }).subscribe((e) => {
        // Stop right after a checkpoint: the next one is due 5 steps later, within the same chunk or the next.
        if (e.type === 'checkpoint' && e.step >= 20) sub.unsubscribe();
      });
    });
    expect(terminatedAt - t0).toBeLessThan(10_000);
    const files = await readdir(dir);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('ckpt-')).length).toBeGreaterThan(0);
  });
});
