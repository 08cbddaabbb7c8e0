import { describe, expect, it } from 'vitest';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { train } from '../src/train.js';
import { readCheckpoint } from '../src/checkpoint.js';
import { nodeFs } from '../src/fs-node.js';
import { collect, ofType, small, tempDir } from './train-fixtures.js';
import { modelFromJSON, paramLeaves } from '@dnw/graph';
import { synthetic } from '@dnw/data';

describe('train on the synthetic dataset', () => {
  it('emits start, steps, rewires, evals, checkpoints and done in order, and learns', async () => {
    const dir = await tempDir();
    const events = await collect(train({ ...small, checkpoint: { dir, every: 'epoch', keep: 2 } }));
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('start');
    expect(types.at(-1)).toBe('done');
    for (const t of ['step', 'rewire', 'epoch', 'eval', 'checkpoint'] as const) expect(types).toContain(t);

    const start = ofType(events, 'start')[0]!;
    expect(start.totalSteps).toBe(60);
    expect(start.stepsPerEpoch).toBe(20);
    expect(start.model).toMatchObject({ kind: 'static', strategy: 'dnw', blocks: [16, 16, 16, 4], backend: 'js' });
    expect(start.model.budget).toBe(Math.round(0.3 * start.model.allowedEdges));

    const steps = ofType(events, 'step');
    expect(steps.map((s) => s.step)).toEqual([5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60]);
    expect(steps.every((s) => Number.isFinite(s.loss) && s.lr > 0 && s.examplesPerSec > 0)).toBe(true);
    expect(steps[0]!.lr).toBeCloseTo(0.1, 2); // cosine starts at the base rate

    // Steps are numbered without gaps or reordering across all event kinds.
    const stepOf = events.flatMap((e) => ('step' in e && typeof e.step === 'number' ? [e.step] : []));
    expect([...stepOf].sort((a, b) => a - b)).toEqual(stepOf);

    const rewires = ofType(events, 'rewire');
    expect(rewires[0]!.step).toBe(0);
    expect(rewires[0]!.added).toHaveLength(start.model.budget);
    expect(rewires[0]!.removed).toHaveLength(0);
    // Composing the diffs gives a set of exactly `budget` edges at every rewire.
    const live = new Set<string>();
    for (const r of rewires) {
      for (const [f, t] of r.removed) expect(live.delete(`${f},${t}`)).toBe(true);
      for (const [f, t] of r.added) {
        expect(live.has(`${f},${t}`)).toBe(false);
        live.add(`${f},${t}`);
      }
      expect(live.size).toBe(r.edges);
      expect(r.edges).toBe(start.model.budget);
    }

    const evals = ofType(events, 'eval');
    expect(evals.map((e) => `${e.step}:${e.split}`)).toEqual(['20:validation', '20:test', '40:validation', '40:test', '60:validation', '60:test']);
    const checkpoints = ofType(events, 'checkpoint');
    expect(checkpoints.map((c) => c.step)).toEqual([20, 40, 60]);

    const done = ofType(events, 'done')[0]!;
    expect(done.step).toBe(60);
    expect(done.epoch).toBe(2);
    expect(done.test.accuracy).toBeGreaterThan(0.9);
    expect(done.edges).toBe(start.model.budget);
    expect(done.flops).toBeGreaterThan(0);
    expect(done.flops).toBeLessThanOrEqual(2 * done.edges);
    expect(done.paths.checkpoint).toBe(checkpoints.at(-1)!.path);
    expect(done.paths.model).toBe(join(dir, 'model.json'));
    // keep: 2, and no temporary files left behind.
    expect((await readdir(dir)).sort()).toEqual(['ckpt-00000040.json', 'ckpt-00000060.json', 'model.json']);
    // Every event survives JSON unchanged (CLI NDJSON, postMessage).
    expect(JSON.parse(JSON.stringify(events))).toEqual(events);
  });

  it('is deterministic: the same seed gives the same events (but for timings)', async () => {
    const strip = (es: unknown[]) => JSON.parse(JSON.stringify(es, (k, v) => (k === 'examplesPerSec' || k === 'seconds' ? 0 : v)));
    const a = await collect(train({ ...small, epochs: 1 }));
    const b = await collect(train({ ...small, epochs: 1 }));
    expect(strip(a)).toEqual(strip(b));
  });

  it('reports a budget above the allowed edges in the start event, and none when it fits', async () => {
    const startOf = async (budget: number) => ofType(await collect(train({ ...small, steps: 1, rewireEvery: 0, model: { ...small.model, budget } })), 'start')[0]!;
    const fits = await startOf(0.3);
    expect(fits.budgetClamped).toBeNull();
    const allowed = fits.model.allowedEdges;
    const over = await startOf(allowed + 500);
    expect(over.budgetClamped).toEqual({ requested: allowed + 500, used: allowed });
    expect(over.model.budget).toBe(allowed);
    expect((await startOf(allowed)).budgetClamped).toBeNull();
  });

  it('reports a bad config as one error event naming the fields, then completes', async () => {
    const events = await collect(train({ ...small, batchSize: -1, model: { budget: 'x' } } as never));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', kind: 'config', step: null });
    const msg = (events[0] as { message: string }).message;
    expect(msg).toContain('batchSize: expected a positive integer, got -1');
    expect(msg).toContain('model.budget: expected a number in (0, 1] or a positive integer, got "x"');
  });

  it('reports a validation split that leaves nothing to train on as a data error', async () => {
    const tiny = synthetic({ classes: 2, features: 4, count: 100, seed: 1 });
    const events = await collect(train({ backend: 'js', data: { validation: 100 } }, { datasets: { train: tiny, test: tiny } }));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', kind: 'data' });
    expect((events[0] as { message: string }).message).toMatch(/^data\.validation: 100 held-out examples leave none/);
  });

  it('reports a batch size larger than the training split as a config error', async () => {
    const events = await collect(train({ ...small, batchSize: 4096 }));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', kind: 'config' });
    expect((events[0] as { message: string }).message).toMatch(/^batchSize: /);
  });
});

describe('cancellation', () => {
  it('stops within a chunk after unsubscribe: no further events, no more steps, no timers left', async () => {
    let clockCalls = 0;
    const now = () => {
      clockCalls++;
      return performance.now();
    };
    const seen: string[] = [];
    await new Promise<void>((resolve) => {
      const sub = train({ ...small, epochs: 50, logEvery: 1 }, { now, timeSlice: 5 }).subscribe((e) => {
        seen.push(e.type);
        if (seen.filter((t) => t === 'step').length === 3) {
          sub.unsubscribe();
          resolve();
        }
      });
    });
    const eventsAtStop = seen.length;
    const callsAtStop = clockCalls;
    await new Promise((r) => setTimeout(r, 150));
    expect(seen.length).toBe(eventsAtStop);
    expect(seen.at(-1)).toBe('step');
    // The loop reads the clock every step: a loop still running would have read it many times.
    expect(clockCalls - callsAtStop).toBeLessThanOrEqual(1);
  });

  it('unsubscribing before the first step stops during setup', async () => {
    const seen: string[] = [];
    const sub = train(small).subscribe((e) => seen.push(e.type));
    sub.unsubscribe();
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toEqual([]);
  });
});

describe('non-finite loss', () => {
  it('ends with a non-finite-loss error event and leaves the last checkpoint intact and loadable', async () => {
    const dir = await tempDir();
    // lr jumps by 1e37 after the first epoch: the weights overflow within a step or two.
    const config = { ...small, optimizer: { schedule: { kind: 'step', milestones: [1], gamma: 1e37 } }, checkpoint: { dir, every: 'epoch', keep: 3 } } as const;
    const events = await collect(train(config));
    const last = events.at(-1)!;
    expect(last).toMatchObject({ type: 'error', kind: 'non-finite-loss' });
    const errorStep = (last as { step: number }).step;
    expect(errorStep).toBeGreaterThan(20);
    expect(errorStep).toBeLessThanOrEqual(25);
    expect(ofType(events, 'done')).toHaveLength(0);
    expect(ofType(events, 'checkpoint').map((c) => c.step)).toEqual([20]);
    expect(await readdir(dir)).toEqual(['ckpt-00000020.json']);
    const ckpt = await readCheckpoint(nodeFs, join(dir, 'ckpt-00000020.json'));
    expect(ckpt._tag).toBe('Right');
    if (ckpt._tag !== 'Right') return;
    const model = modelFromJSON(ckpt.right.model);
    expect(model._tag).toBe('Right');
    if (model._tag !== 'Right') return;
    expect(paramLeaves(model.right.params).every((t) => t.data.every(Number.isFinite))).toBe(true);
  });
});

describe('resume', () => {
  it('continues from the newest checkpoint to bitwise the same result as an uninterrupted run', async () => {
    const whole = await tempDir();
    const cut = await tempDir();
    const config = { ...small, checkpoint: { every: 15, keep: 2 } };
    const a = await collect(train({ ...config, checkpoint: { ...config.checkpoint, dir: whole } }));

    // Run until the checkpoint at step 30, then stop (as a killed process would).
    await new Promise<void>((resolve) => {
      const sub = train({ ...config, checkpoint: { ...config.checkpoint, dir: cut } }).subscribe((e) => {
        if (e.type === 'checkpoint' && e.step === 30) {
          sub.unsubscribe();
          resolve();
        }
      });
    });
    expect((await readdir(cut)).sort()).toEqual(['ckpt-00000015.json', 'ckpt-00000030.json']);

    const b = await collect(train({ ...config, checkpoint: { ...config.checkpoint, dir: cut, resume: true } }));
    const startB = ofType(b, 'start')[0]!;
    expect(startB.resumedFrom).toEqual({ step: 30, path: join(cut, 'ckpt-00000030.json') });
    expect(ofType(b, 'step')[0]!.step).toBe(35);
    const doneA = ofType(a, 'done')[0]!;
    const doneB = ofType(b, 'done')[0]!;
    expect(doneB.test).toEqual(doneA.test);
    expect(doneB.validation).toEqual(doneA.validation);
    // Same weights, velocities and random stream: the final model files are byte for byte equal.
    const modelA = await readFile(join(whole, 'model.json'), 'utf8');
    const modelB = await readFile(join(cut, 'model.json'), 'utf8');
    expect(modelB).toBe(modelA);
    // The evaluations after the cut agree exactly too.
    const evalsAfter = (es: typeof a) => ofType(es, 'eval').filter((e) => e.step > 30);
    expect(evalsAfter(b)).toEqual(evalsAfter(a));
  });

  it('refuses a checkpoint written with other settings', async () => {
    const dir = await tempDir();
    await collect(train({ ...small, epochs: 1, checkpoint: { dir } }));
    const events = await collect(train({ ...small, epochs: 1, seed: 4, checkpoint: { dir, resume: true } }));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', kind: 'config' });
  });

  it('starts fresh when resuming from an empty directory', async () => {
    const dir = await tempDir();
    const events = await collect(train({ ...small, epochs: 1, checkpoint: { dir, resume: true } }));
    expect(ofType(events, 'start')[0]!.resumedFrom).toBeNull();
    expect(events.at(-1)!.type).toBe('done');
  });
});
