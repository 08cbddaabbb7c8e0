import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRecords } from '@dnw/report';
import { execute, recordsPath } from '../src/execute.js';
import type { RunSpec } from '../src/sweeps.js';

// The sweep drives the built CLI, as `npm run experiments` does (`npm test` builds first).
const cliMain = fileURLToPath(new URL('../../cli/dist/main.js', import.meta.url));

const tiny = (id: string, model: object, stage: RunSpec['stage'] = null, variant = id): RunSpec => ({
  id: `quick/test/${id}/seed0`,
  group: 'sparse',
  variant,
  strategy: (model as { strategy: string }).strategy,
  keep: (model as { budget: number }).budget,
  seed: 0,
  stage,
  config: {
    seed: 0,
    epochs: 2,
    batchSize: 64,
    data: { dataset: 'synthetic', validation: 0, synthetic: { train: 512, test: 128, features: 8, classes: 3 } },
    rewireEvery: 4,
    logEvery: 4,
    checkpoint: { every: 'epoch', keep: 1 },
    model,
  },
});

describe('execute (through the dnw CLI)', () => {
  let out = '';
  afterAll(async () => {
    if (out !== '') await rm(out, { recursive: true, force: true });
  });

  it('records each run once, stages a child from its parent, and skips recorded runs when run again', async () => {
    expect(existsSync(cliMain), `${cliMain} is missing: build first (npm run build)`).toBe(true);
    out = await mkdtemp(join(tmpdir(), 'dnw-sweep-'));
    const dense = tiny('dense', { kind: 'mlp', hidden: [16], budget: 1, strategy: 'complete' });
    const runs = [
      dense,
      tiny('magnitude', { kind: 'mlp', hidden: [16], budget: 0.25, strategy: 'fine-tune' }, { make: 'magnitude', parent: dense.id, keep: 0.25 }),
      tiny('dnw', { kind: 'mlp', hidden: [16], budget: 0.25, strategy: 'dnw' }),
    ];
    const lines: string[] = [];
    const first = await execute({ runs, mode: 'quick', out, cliMain, parallel: 2, log: (l) => lines.push(l) });
    expect(first).toEqual({ ran: 3, skipped: 0, failed: [] });
    const parsed = parseRecords(await readFile(recordsPath(out), 'utf8'));
    if (parsed._tag === 'Left') throw new Error(parsed.left.message);
    const byId = new Map(parsed.right.map((r) => [r.id, r]));
    expect([...byId.keys()].sort()).toEqual(runs.map((r) => r.id).sort());
    const mag = byId.get(runs[1].id)!;
    const den = byId.get(dense.id)!;
    // 25% of 8x16 and of 16x3, frozen: exactly k edges, and the parent's time and epochs are counted.
    expect(mag.edges).toBe(Math.round(0.25 * 128) + Math.round(0.25 * 48));
    expect(mag.churn.slice(1).every((c) => c.added === 0 && c.removed === 0)).toBe(true);
    expect(mag.seconds).toBeGreaterThan(den.seconds);
    expect(mag.epochs).toBe(4);
    expect(den.edges).toBe(128 + 48);

    const again = await execute({ runs, mode: 'quick', out, cliMain, parallel: 2, log: () => undefined });
    expect(again).toEqual({ ran: 0, skipped: 3, failed: [] });
  });

  it('reports a run whose parent is neither in the sweep nor recorded', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dnw-sweep-'));
    try {
      const orphan = tiny('orphan', { kind: 'mlp', hidden: [16], budget: 0.25, strategy: 'fine-tune' }, { make: 'fine-tune', parent: 'nowhere' });
      const r = await execute({ runs: [orphan], mode: 'quick', out: dir, cliMain, parallel: 1, log: () => undefined });
      expect(r.ran).toBe(0);
      expect(r.failed.map((f) => f.id)).toEqual([orphan.id]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
