import { beforeAll, describe, expect, it } from 'vitest';
import { BehaviorSubject, Subject } from 'rxjs';
import { train } from '../src/train.js';
import { trainInWorker } from '../src/worker.js';
import { pauseGate } from '../src/pause-gate.js';
import type { Observable } from 'rxjs';
import type { TrainEvent } from '../src/events.js';
import { small } from './train-fixtures.js';
import { assertWorkerBuilt, workerUrl } from './worker-built.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Pauses at step 3, checks no step runs while paused (after the chunk in flight), resumes, and
 * returns the events of the whole run.
 */
const pauseAndResume = async (run: (pause: Observable<boolean>) => Observable<TrainEvent>, settle: number): Promise<{ events: TrainEvent[]; pausedMs: number }> => {
  const pause = new BehaviorSubject(false);
  const events: TrainEvent[] = [];
  let pausedAt = 0;
  let reached: () => void = () => {};
  const reachedPause = new Promise<void>((r) => (reached = r));
  const done = new Promise<void>((resolve) =>
    run(pause).subscribe({
      next: (e) => {
        events.push(e);
        if (e.type === 'step' && e.step === 3) {
          pause.next(true);
          pausedAt = performance.now();
          reached();
        }
      },
      complete: resolve,
    }),
  );
  await reachedPause;
  // Let the chunk in flight (and, from a worker, the messages on their way) arrive.
  await sleep(settle);
  const steps = () => events.filter((e) => e.type === 'step').length;
  const whilePaused = steps();
  await sleep(300);
  expect(steps()).toBe(whilePaused);
  expect(events.at(-1)!.type).not.toBe('done');
  const pausedMs = performance.now() - pausedAt;
  pause.next(false);
  await done;
  expect(events.at(-1)!.type).toBe('done');
  expect(steps()).toBeGreaterThan(whilePaused);
  return { events, pausedMs };
};

describe('train with deps.pause', () => {
  it('holds between chunks while paused, resumes, and leaves the pause out of its seconds', async () => {
    const t0 = performance.now();
    const { events, pausedMs } = await pauseAndResume((pause) => train({ ...small, epochs: 20, logEvery: 1 }, { pause, timeSlice: 1 }), 100);
    const wall = (performance.now() - t0) / 1000;
    const done = events.at(-1)!;
    if (done.type !== 'done') throw new Error(done.type);
    expect(done.step).toBe(400);
    expect(done.seconds).toBeLessThan(wall - pausedMs / 1000 + 0.05);
  });

  it('stops when unsubscribed while paused, with nothing left pending', async () => {
    const pause = new BehaviorSubject(true);
    const seen: string[] = [];
    const sub = train({ ...small, epochs: 1 }, { pause }).subscribe((e) => seen.push(e.type));
    await sleep(300);
    // Paused from the start: setup runs and the start event comes, but no step.
    expect(seen).not.toContain('step');
    sub.unsubscribe();
    pause.next(false);
    await sleep(100);
    expect(seen).not.toContain('step');
    expect(pause.observed).toBe(false);
  });
});

describe('pauseGate', () => {
  it('waits while paused, counts paused time, and a closed gate says stop', async () => {
    let t = 0;
    const pause = new Subject<boolean>();
    const gate = pauseGate(pause, () => t);
    expect(await gate.wait()).toBe(true);
    pause.next(true);
    t = 10;
    let released: boolean | null = null;
    void gate.wait().then((go) => (released = go));
    await sleep(0);
    expect(released).toBeNull();
    expect(gate.pausedMs()).toBe(10);
    t = 25;
    pause.next(false);
    await sleep(0);
    expect(released).toBe(true);
    expect(gate.pausedMs()).toBe(25);
    pause.next(true);
    const pending = gate.wait();
    gate.close();
    expect(await pending).toBe(false);
    expect(pause.observed).toBe(false);
  });
  it('lifts the pause when the pause stream completes', async () => {
    const pause = new Subject<boolean>();
    const gate = pauseGate(pause, () => 0);
    pause.next(true);
    const pending = gate.wait();
    pause.complete();
    expect(await pending).toBe(true);
  });
});

describe('trainInWorker with a pause stream (compiled dist/worker-entry.js)', () => {
  beforeAll(assertWorkerBuilt);

  it('pauses and resumes the worker by messages, without SharedArrayBuffer', async () => {
    const { events } = await pauseAndResume((pause) => trainInWorker({ ...small, epochs: 20, logEvery: 1 }, { workerUrl, pause }), 300);
    expect(events.filter((e) => e.type === 'step').length).toBe(400);
  });
});
