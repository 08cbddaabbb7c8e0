import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createModel, modelFromJSON, paramEntries, topkMaskOf, type Model, type ModelJSON } from '@dnw/graph';
import { decodeConfig } from '../src/config.js';
import { nodeFs } from '../src/fs-node.js';
import { startModel } from '../src/start-model.js';
import { train } from '../src/train.js';
import { collect, ofType, small, tempDir } from './train-fixtures.js';

/** The run's graph: 16 features, blocks 16 and 16, 4 classes. */
const FEATURES = 16;
const CLASSES = 4;

/** Trains the complete graph of `small` for 2 epochs and returns its model.json path. */
const trainComplete = async (): Promise<string> => {
  const dir = await tempDir();
  const events = await collect(train({ ...small, epochs: 2, model: { ...small.model, strategy: 'complete' }, checkpoint: { dir } }));
  const done = events[events.length - 1]!;
  if (done.type !== 'done') throw new Error(JSON.stringify(done));
  return done.paths.model!;
};

const readModel = async (path: string): Promise<Model> => {
  const m = modelFromJSON(JSON.parse(await readFile(path, 'utf8')));
  if (m._tag === 'Left') throw new Error(m.left.message);
  return m.right;
};

const configWith = (from: unknown, budget = 0.3) => {
  const c = decodeConfig({ ...small, model: { ...small.model, budget, from } });
  if (c._tag === 'Left') throw new Error(c.left[0]!.message);
  return c.right;
};

const paramsOf = (m: Model): Record<string, number[]> => Object.fromEntries(paramEntries(m.params).map(({ path, tensor }) => [path, Array.from(tensor.data)]));
const masksOf = (m: Model): number[][] => m.edgeSets.map((es) => Array.from(es.strategy.state().mask!));

describe('model.from: fine-tune and lottery from a trained model', () => {
  it('fine-tune starts from the trained weights under the frozen top-k mask of this config\'s budget', async () => {
    const path = await trainComplete();
    const trained = await readModel(path);
    const config = configWith({ path, as: 'fine-tune' });
    expect(config.model.strategy).toBe('fine-tune');
    const model = await startModel(config, nodeFs, FEATURES, CLASSES);
    expect(model.spec.strategy.name).toBe('fine-tune');
    expect(paramsOf(model)).toEqual(paramsOf(trained));
    const expected = model.edgeSets.map((es) => Array.from(topkMaskOf(es, trained.params)));
    expect(masksOf(model)).toEqual(expected);
    const k = model.edgeSets.reduce((n, es) => n + es.k, 0);
    expect(expected.flat().reduce((a, b) => a + b, 0)).toBe(k);
    // 30% of the trained (complete) graph's allowed edges, not all of them.
    const allowed = model.edgeSets.reduce((n, es) => n + es.allowedCount, 0);
    expect(k).toBe(Math.round(0.3 * allowed));
  });

  it('lottery keeps the same mask and starts from the initial weights of the trained model\'s seed', async () => {
    const path = await trainComplete();
    const trained = await readModel(path);
    const fine = await startModel(configWith({ path, as: 'fine-tune' }), nodeFs, FEATURES, CLASSES);
    const lottery = await startModel(configWith({ path, as: 'lottery' }), nodeFs, FEATURES, CLASSES);
    expect(masksOf(lottery)).toEqual(masksOf(fine));
    const initial = createModel(trained.spec, small.seed);
    expect(paramsOf(lottery)).toEqual(paramsOf(initial));
    expect(paramsOf(lottery)).not.toEqual(paramsOf(trained));
    // Another seed for the trained model's initialisation gives other initial weights.
    const other = await startModel(configWith({ path, as: 'lottery', seed: 99 }), nodeFs, FEATURES, CLASSES);
    expect(paramsOf(other)).toEqual(paramsOf(createModel(trained.spec, 99)));
    expect(masksOf(other)).toEqual(masksOf(fine));
  });

  it.each(['fine-tune', 'lottery'] as const)('a %s run trains with exactly k edges, none added or removed', async (as) => {
    const path = await trainComplete();
    const dir = await tempDir();
    const events = await collect(train({ ...small, epochs: 1, model: { ...small.model, from: { path, as, seed: null } }, checkpoint: { dir } }));
    const done = events[events.length - 1]!;
    if (done.type !== 'done') throw new Error(JSON.stringify(done));
    const start = ofType(events, 'start')[0]!;
    expect(start.model.strategy).toBe(as);
    const rewires = ofType(events, 'rewire');
    expect(rewires.length).toBeGreaterThan(1);
    for (const r of rewires.slice(1)) expect([r.added.length, r.removed.length]).toEqual([0, 0]);
    for (const r of rewires) expect(r.edges).toBe(start.model.budget);
    const first = await startModel(configWith({ path, as }), nodeFs, FEATURES, CLASSES);
    const final = await readModel(done.paths.model!);
    expect(masksOf(final)).toEqual(masksOf(first));
    expect(paramsOf(final)).not.toEqual(paramsOf(first));
  });

  it('names model.from.path for a missing file, bad JSON, a malformed model and a model of another shape', async () => {
    const dir = await tempDir();
    const errorOf = async (path: string, model: object = small.model): Promise<string> => {
      const events = await collect(train({ ...small, model: { ...model, from: { path, as: 'fine-tune', seed: null } } }));
      const last = events[events.length - 1]!;
      if (last.type !== 'error') throw new Error(`expected an error, got ${last.type}`);
      expect(last.kind).toBe('config');
      return last.message;
    };
    const missing = join(dir, 'nope.json');
    expect(await errorOf(missing)).toBe(`model.from.path: ${missing}: no such file`);

    const notJson = join(dir, 'bad.json');
    await writeFile(notJson, '{ not json');
    expect(await errorOf(notJson)).toMatch(new RegExp(`^model\\.from\\.path: ${notJson}: not JSON`));

    const path = await trainComplete();
    const json = JSON.parse(await readFile(path, 'utf8')) as ModelJSON & { params: Record<string, unknown> };
    const key = Object.keys(json.params).find((k) => k.startsWith('edges'))!;
    const broken = join(dir, 'broken.json');
    await writeFile(broken, JSON.stringify({ ...json, params: { ...json.params, [key]: { shape: [3], data: [1, 2, 3] } } }));
    expect(await errorOf(broken)).toMatch(new RegExp(`^model\\.from\\.path: ${broken}: model\\.json: params\\.${key.replace(/[[\].]/g, '\\$&')}`));

    const noFrom = await collect(train({ ...small, model: { ...small.model, strategy: 'lottery' } }));
    expect(noFrom[noFrom.length - 1]).toMatchObject({ type: 'error', kind: 'config', message: expect.stringMatching(/^model\.strategy: "lottery" starts from a trained model/) });

    expect(await errorOf(path, { ...small.model, hidden: [16, 8] })).toMatch(new RegExp(`^model\\.from\\.path: ${path}: its model .* is not the one this config describes`));
  });
});

describe('model.from and model.keepPerLayer in the config', () => {
  const messages = (u: unknown): string[] => {
    const r = decodeConfig(u);
    return r._tag === 'Left' ? r.left.map((e) => e.message) : [];
  };

  it('fills model.from.as from model.strategy and model.strategy from model.from.as', () => {
    const a = decodeConfig({ model: { strategy: 'lottery', from: { path: 'm.json' } } });
    const b = decodeConfig({ model: { from: { path: 'm.json', as: 'lottery' } } });
    for (const r of [a, b]) {
      if (r._tag === 'Left') throw new Error(r.left[0]!.message);
      expect(r.right.model.strategy).toBe('lottery');
      expect(r.right.model.from).toEqual({ path: 'm.json', as: 'lottery', seed: null });
    }
    const d = decodeConfig({});
    if (d._tag === 'Left') throw new Error('defaults');
    expect(d.right.model.from).toBeNull();
    expect(d.right.model.keepPerLayer).toBeNull();
  });

  it('names the field of every mistake', () => {
    expect(messages({ model: { from: { path: 'm.json' } } })).toEqual(['model.from.as: expected "fine-tune" or "lottery" (or model.strategy set to one of them), got nothing']);
    expect(messages({ model: { strategy: 'dnw', from: { path: 'm.json', as: 'lottery' } } })).toEqual(['model.strategy: a run with model.from trains as "lottery" (model.from.as), got "dnw"']);
    expect(messages({ model: { from: { path: '', as: 'dnw' } } })).toEqual([
      'model.from.path: expected a path (non-empty string), got ""',
      'model.from.as: expected one of "fine-tune", "lottery", got "dnw"',
    ]);
    expect(messages({ model: { from: { path: 'm.json', as: 'lottery', typo: 1 } } })[0]).toMatch(/^model\.from\.typo: unknown key/);
    expect(messages({ model: { from: { path: 'm.json', as: 'fine-tune', seed: 3 } } })).toEqual(['model.from.seed: only a lottery run rewinds to initial weights, got 3 with "fine-tune"']);
    expect(messages({ model: { kind: 'static', keepPerLayer: [null, 1] } })[0]).toMatch(/^model\.keepPerLayer: only an mlp/);
    expect(messages({ model: { kind: 'mlp', hidden: [300, 100], keepPerLayer: [null, 1] } })[0]).toBe('model.keepPerLayer: expected 3 entries (one per layer of hidden [300,100]), got 2');
    expect(messages({ model: { kind: 'mlp', keepPerLayer: [0.5, 0, 1] } })[0]).toMatch(/^model\.keepPerLayer: expected a list of numbers in \(0, 1\] or null/);
  });

  it('an mlp with keepPerLayer [null, null, 1] keeps its output layer dense', async () => {
    const c = decodeConfig({ ...small, model: { kind: 'mlp', hidden: [16, 16], budget: 0.25, keepPerLayer: [null, null, 1] } });
    if (c._tag === 'Left') throw new Error(c.left[0]!.message);
    const model = await startModel(c.right, null, FEATURES, CLASSES);
    expect(model.edgeSets.map((es) => es.k)).toEqual([64, 64, 64]);
    const dense = await startModel({ ...c.right, model: { ...c.right.model, keepPerLayer: null } }, null, FEATURES, CLASSES);
    expect(dense.edgeSets.map((es) => es.k)).toEqual([64, 64, 16]);
  });
});
