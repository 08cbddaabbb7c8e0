import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainEvent } from '@dnw/pipeline';
import { assertBuilt, dnw, events, lines, tempDir, tinyTrain } from './run-dnw.js';

const tiny = (out: string, steps: number): string[] => tinyTrain(out, steps, '--budget', '0.3', '--set', 'rewireEvery=10', '--json');

/** The mask of every edge set of a saved model.json, as base64. */
const masks = (path: string): (string | undefined)[] =>
  (JSON.parse(readFileSync(path, 'utf8')) as { strategies: { mask?: string }[] }).strategies.map((s) => s.mask);

describe('dnw train --from', () => {
  beforeAll(assertBuilt);

  it.each(['fine-tune', 'lottery'] as const)('--from <model.json> --strategy %s trains the frozen top-k mask of a trained complete graph', async (strategy) => {
    const dir = tempDir();
    const parent = await dnw([...tiny('parent', 40), '--strategy', 'complete'], { cwd: dir });
    expect(parent.code, parent.stderr).toBe(0);
    const r = await dnw([...tiny('child', 30), '--from', 'parent/model.json', '--strategy', strategy], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const es = events(r.stdout);
    const start = es[0]!;
    if (start.type !== 'start') throw new Error(start.type);
    expect(start.model.strategy).toBe(strategy);
    expect(start.config.model.from).toEqual({ path: 'parent/model.json', as: strategy, seed: null });
    const rewires = es.filter((e): e is Extract<TrainEvent, { type: 'rewire' }> => e.type === 'rewire');
    expect(rewires.length).toBe(4);
    for (const w of rewires) expect(w.edges).toBe(start.model.budget);
    for (const w of rewires.slice(1)) expect(w.added.length + w.removed.length).toBe(0);
    // The saved model holds its frozen masks: exactly the budget's edges, one byte per allowed position.
    const ones = masks(join(dir, 'child', 'model.json')).reduce((n, b64) => n + Buffer.from(b64!, 'base64').reduce((a, x) => a + x, 0), 0);
    expect(ones).toBe(start.model.budget);
  });

  it('reports a missing or malformed model file on one line naming model.from.path (exit 2)', async () => {
    const dir = tempDir();
    const r = await dnw([...tiny('run', 5), '--from', 'nope.json', '--strategy', 'fine-tune'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain('model.from.path: nope.json: no such file');
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ format: 'dnw-model', version: 2 }));
    const bad = await dnw([...tiny('run', 5), '--from', 'bad.json', '--strategy', 'lottery'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(lines(bad.stderr)).toHaveLength(1);
    expect(bad.stderr).toContain('model.from.path: bad.json: model.json: version');
  });

  it('rejects --from with another strategy and fine-tune without --from (exit 2)', async () => {
    const dir = tempDir();
    const other = await dnw([...tiny('run', 5), '--from', 'm.json', '--strategy', 'dnw'], { cwd: dir });
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('--from starts from a trained model as --strategy fine-tune or --strategy lottery, got --strategy dnw');
    const none = await dnw([...tiny('run', 5), '--strategy', 'lottery'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(lines(none.stderr)).toHaveLength(1);
    expect(none.stderr).toContain('model.strategy: "lottery" starts from a trained model');
  });
});
