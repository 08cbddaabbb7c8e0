import { beforeAll, describe, expect, it } from 'vitest';
import { encodeIdxImages, encodeIdxLabels, synthetic } from '@dnw/data';
import { trainInWorker } from '../src/worker.js';
import { train } from '../src/train.js';
import { collect, ofType, small } from './train-fixtures.js';
import type { TrainEvent } from '../src/events.js';
import { assertWorkerBuilt, workerUrl } from './worker-built.js';

const withoutTimes = (es: TrainEvent[]) =>
  JSON.parse(JSON.stringify(es, (k, v) => (k === 'examplesPerSec' || k === 'seconds' ? 0 : v)));

describe('trainInWorker (compiled dist/worker-entry.js)', () => {
  beforeAll(assertWorkerBuilt);

  it('runs train in a worker thread and gives exactly the in-process events', async () => {
    const config = { ...small, epochs: 1 };
    const inWorker = await collect(trainInWorker(config, { workerUrl }));
    const inProcess = await collect(train(config));
    expect(inWorker.map((e) => e.type)).toEqual(inProcess.map((e) => e.type));
    expect(withoutTimes(inWorker)).toEqual(withoutTimes(inProcess));
  });

  it('stops the worker when unsubscribed: no events after that', async () => {
    const seen: string[] = [];
    await new Promise<void>((resolve) => {
      const sub = trainInWorker({ ...small, epochs: 200, logEvery: 1 }, { workerUrl }).subscribe((e) => {
        seen.push(e.type);
        if (e.type === 'step' && e.step === 3) {
          sub.unsubscribe();
          resolve();
        }
      });
    });
    const n = seen.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(seen.length).toBe(n);
  });

  it('returns a bad config as an error event from the worker', async () => {
    const events = await collect(trainInWorker({ model: { kind: 'ring' } }, { workerUrl }));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', kind: 'config' });
    expect((events[0] as { message: string }).message).toContain('model.kind');
  });

  it('trains on MNIST-format bytes the caller transfers (the browser path)', async () => {
    const ds = synthetic({ classes: 10, features: 49, count: 700, seed: 5 });
    const idx = (count: number, from: number) => ({
      images: encodeIdxImages(ds.images.slice(from * 49, (from + count) * 49), count, 7, 7),
      labels: encodeIdxLabels(ds.labels.slice(from, from + count)),
    });
    const tr = idx(600, 0);
    const te = idx(100, 600);
    const mnist = {
      trainImages: tr.images.buffer as ArrayBuffer,
      trainLabels: tr.labels.buffer as ArrayBuffer,
      testImages: te.images.buffer as ArrayBuffer,
      testLabels: te.labels.buffer as ArrayBuffer,
    };
    const config = { backend: 'js', data: { dataset: 'mnist', validation: 100 }, model: { hidden: [8] }, epochs: 2, batchSize: 50 } as const;
    const events = await collect(trainInWorker(config, { workerUrl, mnist }));
    expect(mnist.trainImages.byteLength).toBe(0); // transferred, not copied
    const start = ofType(events, 'start')[0]!;
    expect(start.model.blocks).toEqual([49, 8, 10]);
    expect(events.at(-1)!.type).toBe('done');
  });

  it('ends with an internal error event when the worker script cannot load', async () => {
    const events = await collect(trainInWorker(small, { workerUrl: new URL('./no-such-worker.js', workerUrl), startTimeout: 1500 }));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', kind: 'internal' });
    expect((events[0] as { message: string }).message).toContain('did not start within 1500 ms');
  });
});
