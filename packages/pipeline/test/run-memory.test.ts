// Each run trains on kernels of its own: a process can train model after model without filling the
// shared WASM memory, and runs interleaved in one thread neither share nor disturb each other.
import { describe, expect, it } from 'vitest';
import { tap } from 'rxjs';
import { kernels, useBackend } from '@dnw/tensor';
import { train } from '../src/train.js';
import { collect, ofType, small } from './train-fixtures.js';
import type { TrainEvent } from '../src/events.js';

const wasmRun = { ...small, backend: 'wasm', epochs: 1 } as const;

/** The events of one run with its timings zeroed, for exact comparison. */
const untimed = (es: readonly TrainEvent[]): unknown =>
  JSON.parse(JSON.stringify(es, (k, v) => (k === 'examplesPerSec' || k === 'seconds' ? 0 : v)));

/** Where the shared instance's next buffer would go (each probe takes one 64-byte line). */
const nextFree = (): number => kernels().alloc(1).byteOffset;

describe('kernel memory of a run', () => {
  it('allocates nothing from the shared WASM instance, however many runs a process makes', async () => {
    const shared = await useBackend('wasm');
    expect(shared._tag).toBe('Right');
    const before = nextFree();
    for (let i = 0; i < 3; i++) {
      const events = await collect(train(wasmRun));
      expect(events.at(-1)!.type).toBe('done');
      expect(ofType(events, 'start')[0]!.model.backend).toBe('wasm');
    }
    // Only the probes themselves: a run's model, optimizer state and arenas lived in its own memory.
    expect(nextFree()).toBe(before + 64);
    // And the backend useBackend chose is active again after each run.
    expect(shared._tag === 'Right' && kernels()).toBe(shared._tag === 'Right' ? shared.right : null);
    await useBackend('js');
  });

  it('gives the same events whether runs go one after another or interleaved in one thread', async () => {
    const a = { ...wasmRun, seed: 3 };
    const b = { ...wasmRun, seed: 4, model: { ...small.model, budget: 0.5 } };
    const aloneA = await collect(train(a));
    const aloneB = await collect(train(b));
    expect(untimed(aloneA)).not.toEqual(untimed(aloneB));
    // timeSlice 0: one step per chunk, so the two runs take turns step by step.
    const order: string[] = [];
    const [bothA, bothB] = await Promise.all([
      collect(train(a, { timeSlice: 0 }).pipe(tap((e) => e.type === 'step' && order.push('a')))),
      collect(train(b, { timeSlice: 0 }).pipe(tap((e) => e.type === 'step' && order.push('b')))),
    ]);
    const turns = order.filter((r, i) => i > 0 && r !== order[i - 1]).length;
    expect(turns).toBeGreaterThan(4);
    expect(untimed(bothA)).toEqual(untimed(aloneA));
    expect(untimed(bothB)).toEqual(untimed(aloneB));
  });
});
