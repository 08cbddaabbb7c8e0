import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, dnw, lines, tempDir } from './run-dnw.js';

/** A user's mistake: exit 2 and exactly one `dnw: error:` line on stderr, nothing on stdout. */
const expectUsageError = (run: { code: number | null; stdout: string; stderr: string }, ...needles: string[]): void => {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  const errLines = lines(run.stderr);
  expect(errLines).toHaveLength(1);
  expect(errLines[0]).toMatch(/^dnw: error: /);
  for (const n of needles) expect(errLines[0]).toContain(n);
  expect(run.stderr).not.toMatch(/\n\s+at /);
};

describe('dnw: exit codes and one-line errors', () => {
  beforeAll(assertBuilt);

  it('--help exits 0 and documents the exit codes', async () => {
    const r = await dnw(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Exit codes:');
    expect(r.stdout).toMatch(/130\s+interrupted/);
    const t = await dnw(['train', '--help']);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('--batch-size');
    expect(t.stdout).toContain('Exit codes:');
  });

  it('an --out that cannot be created fails at once: exit 1, one line, before any training', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), 'not a directory');
    const r = await dnw(['train', '--dataset', 'synthetic', '--json', '--out', join(dir, 'file', 'run')], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toBe('');
    const errLines = lines(r.stderr);
    expect(errLines).toHaveLength(1);
    expect(errLines[0]).toMatch(/^dnw: error: cannot create the run directory /);
  });

  it('--print-config prints the decoded config, defaults filled in, flags and file applied, and trains nothing', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ epochs: 3, optimizer: { momentum: 0.8 } }));
    const r = await dnw(['train', '--config', 'c.json', '--epochs', '4', '--set', 'model.norm="none"', '--print-config'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout) as { epochs: number; optimizer: { momentum: number; lr: number }; model: { norm: string; kind: string }; checkpoint: { dir: unknown } };
    expect(c.epochs).toBe(4);
    expect(c.optimizer.momentum).toBe(0.8);
    expect(c.optimizer.lr).toBeGreaterThan(0);
    expect(c.model.norm).toBe('none');
    expect(c.model.kind).toBe('static');
    // No run directory is invented, so the printed config can start many runs.
    expect(c.checkpoint.dir).toBeNull();
    expect(existsSync(join(dir, 'runs'))).toBe(false);
    // And it is a valid config file as printed.
    writeFileSync(join(dir, 'printed.json'), r.stdout);
    const again = await dnw(['train', '--config', 'printed.json', '--print-config'], { cwd: dir });
    expect(JSON.parse(again.stdout)).toEqual(c);
  });

  it('no command is a usage error (2)', async () => {
    const r = await dnw([]);
    expect(r.code).toBe(2);
  });

  it('an unknown command is a usage error', async () => {
    expectUsageError(await dnw(['trian']), "unknown command 'trian'");
  });

  it('an unknown flag is a usage error naming it', async () => {
    expectUsageError(await dnw(['train', '--epochz', '3']), "unknown option '--epochz'");
  });

  it('a bad flag value names the flag and the config field', async () => {
    expectUsageError(await dnw(['train', '--lr', 'fast']), '--lr', 'optimizer.lr', '"fast"');
  });

  it('a bad choice names the field and lists the choices', async () => {
    expectUsageError(await dnw(['train', '--model', 'transformer']), 'model.kind', '"static"');
  });

  it('a bad value in the config file names the field', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ optimizer: { momentum: 1.5 } }));
    expectUsageError(await dnw(['train', '--config', 'c.json'], { cwd: dir }), 'optimizer.momentum');
  });

  it('an unknown config key is an error naming the key', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ learningRate: 0.1 }));
    expectUsageError(await dnw(['train', '--config', 'c.json'], { cwd: dir }), 'learningRate', 'unknown key');
  });

  it('an unknown --set key is an error naming the key', async () => {
    expectUsageError(await dnw(['train', '--set', 'optimizer.moment=0.5']), 'optimizer.moment');
  });

  it('a missing config file is a usage error naming the path', async () => {
    const dir = tempDir();
    expectUsageError(await dnw(['train', '--config', 'nope.json'], { cwd: dir }), 'config file not found', 'nope.json');
  });

  it('a config file that is not JSON is a usage error', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'c.json'), '{ "epochs": 3,');
    expectUsageError(await dnw(['train', '--config', 'c.json'], { cwd: dir }), 'not valid JSON');
  });

  it('eval: a missing model file is a usage error', async () => {
    const dir = tempDir();
    expectUsageError(await dnw(['eval', 'model.json'], { cwd: dir }), 'not found', 'model.json');
  });

  it('eval: malformed model JSON is a usage error', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'model.json'), '{"spec": ');
    expectUsageError(await dnw(['eval', 'model.json'], { cwd: dir }), 'not valid JSON');
  });

  it('eval: a model JSON with a wrong field names the field', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'model.json'), JSON.stringify({ format: 'dnw-model', version: 2 }));
    expectUsageError(await dnw(['eval', 'model.json'], { cwd: dir }), 'model.json: version');
    const model = {
      format: 'dnw-model',
      version: 1,
      spec: { kind: 'mlp', sizes: [4, 2], keep: 0.5, strategy: { name: 'dnw' } },
      params: {},
      strategies: [{}],
      rng: { s: [1, 2, 3, 4], spare: null },
    };
    writeFileSync(join(dir, 'model.json'), JSON.stringify({ ...model, strategies: 'none' }));
    expectUsageError(await dnw(['eval', 'model.json'], { cwd: dir }), 'model.json: strategies');
    writeFileSync(join(dir, 'model.json'), JSON.stringify({ ...model, spec: { ...model.spec, sizes: 'big' } }));
    expectUsageError(await dnw(['eval', 'model.json'], { cwd: dir }), 'model.json: spec');
  });

  it('export: a file that is not a wiring history names the field', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'wiring.json'), JSON.stringify({ format: 'dnw-wiring-history', version: 2 }));
    expectUsageError(await dnw(['export', 'wiring.json'], { cwd: dir }), 'version');
  });

  it('export: a missing run is a usage error', async () => {
    const dir = tempDir();
    expectUsageError(await dnw(['export', 'runs/none'], { cwd: dir }), 'not found');
  });
});
