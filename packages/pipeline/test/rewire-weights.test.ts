import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lastValueFrom, from } from 'rxjs';
import { modelFromJSON, wiringOf } from '@dnw/graph';
import { train } from '../src/train.js';
import { wiringHistory } from '../src/operators/wiring-history.js';
import { sampleRewirings } from '../src/operators/sample-rewirings.js';
import { base64ToFloats } from '../src/float-codec.js';
import type { RewireEvent } from '../src/events.js';
import { collect, ofType, small, tempDir } from './train-fixtures.js';

describe('rewire events carry the current weights of every chosen edge', () => {
  it('so the folded history ends at the saved model weights, not the ones edges entered with', async () => {
    const dir = await tempDir();
    const events = await collect(train({ ...small, checkpoint: { dir, every: 'epoch', keep: 1 } }));
    const rewires = ofType(events, 'rewire');
    for (const r of rewires) expect(base64ToFloats(r.weights!)).toHaveLength(r.edges);

    const saved = modelFromJSON(JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')));
    if (saved._tag !== 'Right') throw new Error(saved.left.message);
    const wiring = wiringOf(saved.right);
    const expected = new Map<string, number>();
    for (const set of wiring.sets) set.from.forEach((f, i) => expected.set(`${f},${set.to[i]}`, set.weight[i]!));

    const history = await lastValueFrom(from(events).pipe(wiringHistory()));
    const last = history.at(history.length - 1);
    expect(last.from.length).toBe(expected.size);
    last.from.forEach((f, i) => expect(last.weight[i]).toBe(expected.get(`${f},${last.to[i]}`)));

    // Without `weights`, kept edges would show the weight they entered with: the old, stale view.
    const stale = await lastValueFrom(from(rewires.map(({ weights: _, ...r }): RewireEvent => r)).pipe(wiringHistory()));
    const s = stale.at(stale.length - 1);
    let differ = 0;
    for (let i = 0; i < s.weight.length; i++) if (s.weight[i] !== last.weight[i]) differ++;
    expect(differ).toBeGreaterThan(s.weight.length / 2);

    // Thinned by sampleRewirings, the composed events still end at the same weights.
    const sampled = await lastValueFrom(from(events).pipe(sampleRewirings(25), wiringHistory()));
    expect(sampled.length).toBeLessThan(history.length);
    expect(sampled.at(sampled.length - 1).weight).toEqual(last.weight);
  });

  it('refuses weights that do not match the folded wiring', async () => {
    const bad: RewireEvent = { v: 1, type: 'rewire', step: 0, added: [[0, 2, 0.5]], removed: [], edges: 1, liveNodes: 3, weights: 'AAAAAAAAAAA=' };
    await expect(lastValueFrom(from([bad]).pipe(wiringHistory()))).rejects.toThrow(/2 weights for 1 chosen edges/);
  });
});
