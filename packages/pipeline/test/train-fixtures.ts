import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { lastValueFrom, toArray, type Observable } from 'rxjs';
import type { TrainEvent } from '../src/events.js';

/** A small static graph on the synthetic blobs: 20 steps per epoch, a second or less per run. */
export const small = {
  seed: 3,
  data: { dataset: 'synthetic', validation: 256, synthetic: { train: 1536, test: 256, features: 16, classes: 4 } },
  model: { kind: 'static', hidden: [16, 16], budget: 0.3 },
  epochs: 3,
  batchSize: 64,
  logEvery: 5,
  rewireEvery: 10,
  backend: 'js',
} as const;

export const collect = (o: Observable<TrainEvent>): Promise<TrainEvent[]> => lastValueFrom(o.pipe(toArray()));

const dirs: string[] = [];
/** A fresh temporary directory, removed after the test. */
export const tempDir = async (): Promise<string> => {
  const d = await mkdtemp(join(tmpdir(), 'dnw-pipeline-'));
  dirs.push(d);
  return d;
};
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

export const ofType = <K extends TrainEvent['type']>(events: TrainEvent[], type: K) =>
  events.filter((e): e is Extract<TrainEvent, { type: K }> => e.type === type);
