import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Size } from '../src/commands/compact.js';
import { assertBuilt, dnw, lines, tempDir } from './run-dnw.js';

describe('dnw compact', () => {
  beforeAll(assertBuilt);

  it('writes a smaller model that dnw eval scores like the full one', async () => {
    const dir = tempDir();
    // A small budget leaves hidden nodes off every input-to-output path.
    const r = await dnw(
      ['train', '--hidden', '40,20', '--budget', '0.02', '--steps', '40', '--backend', 'js', '--out', 'run', '-q', '--set', 'data.validation=0', '--set', 'rewireEvery=0'],
      { cwd: dir, timeoutMs: 120_000 },
    );
    expect(r.code, r.stderr).toBe(0);
    const c = await dnw(['compact', 'run', '--json'], { cwd: dir });
    expect(c.code, c.stderr).toBe(0);
    const result = JSON.parse(c.stdout) as { output: string; kind: string; before: Size; after: Size };
    expect(result.kind).toBe('static');
    expect(result.output).toBe(join(dir, 'run', 'model.compact.json'));
    expect(existsSync(result.output)).toBe(true);
    expect(result.after.hidden).toBeLessThan(result.before.hidden);
    expect(result.after.nodes).toBe(result.before.nodes - (result.before.hidden - result.after.hidden));
    expect(result.after.edges).toBeLessThanOrEqual(result.before.edges);
    expect(result.after.flops).toBeLessThanOrEqual(result.before.flops);
    expect(result.before.bytes).toBe(statSync(join(dir, 'run', 'model.json')).size);
    expect(result.after.bytes).toBe(statSync(result.output).size);

    const score = async (model: string) => {
      const e = await dnw(['eval', model, '--json', '--backend', 'js'], { cwd: dir, timeoutMs: 120_000 });
      expect(e.code, e.stderr).toBe(0);
      return JSON.parse(e.stdout) as { accuracy: number; loss: number; liveEdges: number; nodes: number };
    };
    const [full, small] = [await score('run'), await score(result.output)];
    expect(small.nodes).toBe(result.after.nodes);
    expect(small.liveEdges).toBe(full.liveEdges);
    // Equal up to float rounding (batch norm constants are folded): at most one test image apart.
    expect(Math.abs(small.accuracy - full.accuracy)).toBeLessThanOrEqual(1e-4);
    expect(small.loss).toBeCloseTo(full.loss, 4);

    // -o names the file; the human summary says what shrank and where it went.
    const h = await dnw(['compact', join('run', 'model.json'), '-o', 'small.json'], { cwd: dir });
    expect(h.code, h.stderr).toBe(0);
    expect(lines(h.stdout)[0]).toMatch(/\(static model\): hidden nodes 60 -> \d+, edges [\d,]+ -> [\d,]+, FLOPs per example [\d,]+ -> [\d,]+$/);
    expect(lines(h.stdout)[1]).toMatch(new RegExp(`^wrote ${join(dir, 'small.json')} \\([\\d,]+ bytes; the model file has [\\d,]+\\)$`));
    expect(existsSync(join(dir, 'small.json'))).toBe(true);
  }, 240_000);

  it('a missing model file is a usage error on one line', async () => {
    const r = await dnw(['compact', 'nothing.json'], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^dnw: error: .*nothing\.json/);
  });
});
