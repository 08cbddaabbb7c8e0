import { describe, expect, it } from 'vitest';
import { rng, tensor } from '@dnw/tensor';
import { Batcher, splitValidation, type Batch, type Dataset } from '../src/index.js';

/** 23 examples of 5 features; example i's pixels are (i*5 + f) * 11 mod 256, its label i mod 3. */
const toy = (count = 23, features = 5): Dataset => {
  const images = new Uint8Array(count * features);
  for (let i = 0; i < images.length; i++) images[i] = (i * 11) % 256;
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 3);
  return { images, labels, count, rows: 1, cols: features, features, classes: 3 };
};

/** Which example each column of a node-major batch holds, recovered from feature 0's pixel byte. */
const exampleOf = (ds: Dataset, b: Batch, j: number): number => {
  const byte = Math.round((b.layout === 'node-major' ? b.x[j] : b.x[j * b.features]) * 255);
  const matches = [];
  for (let i = 0; i < ds.count; i++) if (ds.images[i * ds.features] === byte) matches.push(i);
  if (matches.length !== 1) throw new Error(`ambiguous byte ${byte}`);
  return matches[0];
};

const epochExamples = (ds: Dataset, batcher: Batcher): number[][] =>
  Array.from(batcher.restOfEpoch(), (b) => Array.from({ length: b.size }, (_, j) => exampleOf(ds, b, j)));

describe('Batcher', () => {
  it('normalises bytes as (byte/255 - 0.1307) / 0.3081 by default, node-major', () => {
    const ds = toy();
    const b = new Batcher(ds, { batchSize: 4, seed: 1, shuffle: false }).next();
    expect(b.shape).toEqual([5, 4]);
    for (let j = 0; j < 4; j++) {
      for (let f = 0; f < 5; f++) {
        const byte = ds.images[j * 5 + f];
        expect(b.x[f * 4 + j]).toBeCloseTo((byte / 255 - 0.1307) / 0.3081, 6);
      }
    }
    expect(Array.from(b.labels)).toEqual([0, 1, 2, 0]);
  });

  it('offers unit scaling, custom statistics and a sample-major layout', () => {
    const ds = toy();
    const unit = new Batcher(ds, { batchSize: 4, seed: 1, shuffle: false, normalize: 'unit', layout: 'sample-major' }).next();
    expect(unit.shape).toEqual([4, 5]);
    expect(unit.x[2 * 5 + 3]).toBeCloseTo(ds.images[2 * 5 + 3] / 255, 7);
    const custom = new Batcher(ds, { batchSize: 4, seed: 1, shuffle: false, normalize: { mean: 0.5, std: 0.25 } }).next();
    expect(custom.x[3 * 4 + 1]).toBeCloseTo((ds.images[1 * 5 + 3] / 255 - 0.5) / 0.25, 6);
    expect(() => new Batcher(ds, { batchSize: 4, seed: 1, normalize: { mean: 0, std: 0 } })).toThrow(/std must be > 0/);
  });

  it('gives node-major and sample-major batches that are transposes of each other', () => {
    const ds = toy(40, 7);
    const a = new Batcher(ds, { batchSize: 13, seed: 9 });
    const b = new Batcher(ds, { batchSize: 13, seed: 9, layout: 'sample-major' });
    for (let k = 0; k < 7; k++) {
      const x = a.next();
      const y = b.next();
      expect(x.size).toBe(y.size);
      for (let j = 0; j < x.size; j++) for (let f = 0; f < 7; f++) expect(x.x[f * x.size + j]).toBe(y.x[j * 7 + f]);
      expect(Array.from(x.labels)).toEqual(Array.from(y.labels));
    }
  });

  it('covers every example exactly once per epoch, with a partial last batch', () => {
    const ds = toy();
    const batcher = new Batcher(ds, { batchSize: 5, seed: 3, normalize: 'unit' });
    expect(batcher.batchesPerEpoch).toBe(5);
    for (let e = 0; e < 3; e++) {
      const batches = epochExamples(ds, batcher);
      expect(batches.map((b) => b.length)).toEqual([5, 5, 5, 5, 3]);
      expect(batches.flat().sort((p, q) => p - q)).toEqual(Array.from({ length: 23 }, (_, i) => i));
    }
  });

  it('wraps into a tensor without copying, partial batches included', () => {
    const batcher = new Batcher(toy(), { batchSize: 5, seed: 3 });
    const sizes: number[] = [];
    for (const b of batcher.restOfEpoch()) {
      const t = tensor(b.x, b.shape);
      expect(t.data).toBe(b.x);
      sizes.push(t.shape[1]);
    }
    expect(sizes).toEqual([5, 5, 5, 5, 3]);
  });

  it('drops the remainder with dropLast', () => {
    const ds = toy();
    const batcher = new Batcher(ds, { batchSize: 5, seed: 3, dropLast: true, normalize: 'unit' });
    expect([batcher.batchesPerEpoch, batcher.examplesPerEpoch]).toEqual([4, 20]);
    const seen = epochExamples(ds, batcher).flat();
    expect(seen.length).toBe(20);
    expect(new Set(seen).size).toBe(20);
    expect(batcher.position()).toEqual({ epoch: 1, batch: 0 });
  });

  it('labels each example with its own label', () => {
    const ds = toy();
    const batcher = new Batcher(ds, { batchSize: 6, seed: 5, normalize: 'unit' });
    for (let k = 0; k < 10; k++) {
      const b = batcher.next();
      for (let j = 0; j < b.size; j++) expect(b.labels[j]).toBe(ds.labels[exampleOf(ds, b, j)]);
    }
  });

  it('reuses the same buffers for every batch', () => {
    const ds = toy();
    const batcher = new Batcher(ds, { batchSize: 5, seed: 3 });
    const first = batcher.next();
    const { x, labels } = first;
    const partials = new Set<Float32Array>();
    for (let k = 0; k < 20; k++) {
      const b = batcher.next();
      if (b.size === 5) {
        expect(b.x).toBe(x);
        expect(b.labels).toBe(labels);
      } else {
        partials.add(b.x);
        expect(b.x.buffer).toBe(x.buffer);
        expect(b.x.length).toBe(3 * 5);
      }
    }
    expect(partials.size).toBe(1);
  });

  it('is deterministic from the seed, and different seeds and epochs give different orders', () => {
    const ds = toy();
    const run = (seed: number) => {
      const b = new Batcher(ds, { batchSize: 5, seed, normalize: 'unit' });
      return [epochExamples(ds, b).flat(), epochExamples(ds, b).flat()];
    };
    const [e0, e1] = run(42);
    expect(run(42)).toEqual([e0, e1]);
    expect(e1).not.toEqual(e0);
    expect(run(43)[0]).not.toEqual(e0);
    const unshuffled = new Batcher(ds, { batchSize: 5, seed: 42, shuffle: false, normalize: 'unit' });
    expect(epochExamples(ds, unshuffled).flat()).toEqual(Array.from({ length: 23 }, (_, i) => i));
  });

  it('resumes from a saved position with the same batches', () => {
    const ds = toy();
    const opts = { batchSize: 4, seed: 7 } as const;
    const reference = new Batcher(ds, opts);
    const expected: number[][] = [];
    for (let k = 0; k < 20; k++) expected.push(Array.from(reference.next().x));

    const first = new Batcher(ds, opts);
    for (let k = 0; k < 8; k++) first.next();
    const saved = JSON.parse(JSON.stringify(first.position()));
    expect(saved).toEqual({ epoch: 1, batch: 2 });

    const resumed = new Batcher(ds, { ...opts, position: saved });
    for (let k = 8; k < 20; k++) expect(Array.from(resumed.next().x)).toEqual(expected[k]);

    const seeked = new Batcher(ds, opts);
    expect(seeked.seek({ epoch: 2, batch: 0 })._tag).toBe('Right');
    const b = seeked.next();
    expect([b.epoch, b.batch]).toEqual([2, 0]);
    expect(Array.from(b.x)).toEqual(expected[12]);
  });

  it('treats the end of an epoch as the start of the next', () => {
    const batcher = new Batcher(toy(), { batchSize: 4, seed: 7 });
    expect(batcher.seek({ epoch: 3, batch: 6 })).toEqual({ _tag: 'Right', right: { epoch: 4, batch: 0 } });
  });

  it('rejects a position that does not fit this batcher', () => {
    const batcher = new Batcher(toy(), { batchSize: 4, seed: 7 });
    const bad = batcher.seek({ epoch: 0, batch: 9 });
    expect(bad._tag === 'Left' && bad.left.message).toBe('batch position: batch must be an integer in 0..6 (6 batches per epoch), got 9');
    const neg = batcher.seek({ epoch: -1, batch: 0 });
    expect(neg._tag === 'Left' && neg.left.reason).toBe('epoch must be a non-negative integer, got -1');
    expect(() => new Batcher(toy(), { batchSize: 4, seed: 7, position: { epoch: 0, batch: 1.5 } })).toThrow(/batch must be an integer/);
    expect(batcher.position()).toEqual({ epoch: 0, batch: 0 });
  });

  it('rejects impossible sizes', () => {
    expect(() => new Batcher(toy(), { batchSize: 0, seed: 1 })).toThrow(/batchSize must be a positive integer/);
    expect(() => new Batcher(toy(), { batchSize: 30, seed: 1, dropLast: true })).toThrow(/no batches/);
    expect(new Batcher(toy(), { batchSize: 30, seed: 1 }).next().size).toBe(23);
  });

  it('draws only from an index subset', () => {
    const ds = toy();
    const { train, validation } = splitValidation(ds, 8, rng(1));
    const tb = new Batcher(train, { batchSize: 4, seed: 2, normalize: 'unit' });
    const vb = new Batcher(validation, { batchSize: 4, seed: 2, shuffle: false, normalize: 'unit' });
    const seenTrain = epochExamples(ds, tb).flat().sort((a, b) => a - b);
    const seenVal = epochExamples(ds, vb).flat();
    expect(seenTrain).toEqual(Array.from(train.indices));
    expect(seenVal).toEqual(Array.from(validation.indices));
  });
});

describe('splitValidation', () => {
  it('without an rng holds out the last n examples', () => {
    const { train, validation } = splitValidation(toy(), 5);
    expect(Array.from(validation.indices)).toEqual([18, 19, 20, 21, 22]);
    expect(train.indices.length).toBe(18);
    expect(train.dataset).toBe(validation.dataset);
  });

  it('with an rng holds out a seeded sample, disjoint and complete', () => {
    const a = splitValidation(toy(), 8, rng(11));
    const b = splitValidation(toy(), 8, rng(11));
    expect(Array.from(a.validation.indices)).toEqual(Array.from(b.validation.indices));
    expect(Array.from(a.validation.indices)).not.toEqual([15, 16, 17, 18, 19, 20, 21, 22]);
    const all = [...a.train.indices, ...a.validation.indices].sort((p, q) => p - q);
    expect(all).toEqual(Array.from({ length: 23 }, (_, i) => i));
  });

  it('splits a view again', () => {
    const ds = toy();
    const first = splitValidation(ds, 10);
    const second = splitValidation(first.train, 3);
    expect(Array.from(second.validation.indices)).toEqual([10, 11, 12]);
    expect(() => splitValidation(ds, 24)).toThrow(/n must be an integer in 0..23/);
  });
});
