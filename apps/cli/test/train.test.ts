import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeWiringHistoryFile as decodeWiringHistory } from '@dnw/pipeline';
import { assertBuilt, dnw, events, lines, tempDir, tinyTrain } from './run-dnw.js';

const tiny = (out: string, steps: number): string[] =>
  tinyTrain(out, steps, '--set', 'data.validation=256', '--set', 'checkpoint.every=20', '--set', 'rewireEvery=10', '--set', 'evalEvery=20');

describe('dnw train', () => {
  beforeAll(assertBuilt);

  it('trains on --dataset synthetic without naming a validation split (it takes an eighth of the training set)', async () => {
    const dir = tempDir();
    const r = await dnw(['train', '--dataset', 'synthetic', '--hidden', '8', '--steps', '5', '--backend', 'js', '--out', 'run', '--json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const start = events(r.stdout)[0]!;
    if (start.type !== 'start') throw new Error(start.type);
    expect(start.config.data.validation).toBe(256);
  });

  it('warns on stderr when the budget asks for more edges than the graph allows, even with -q', async () => {
    const dir = tempDir();
    const r = await dnw([...tiny('run', 10), '--budget', '100000', '-q'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    // 16 features, blocks 16 and 16, 2 classes: every edge from an earlier block to a later one.
    expect(r.stderr).toMatch(/warning: a budget of 100000 edges was asked for, but this graph allows only (\d+): training uses all \1/);
    const ok = await dnw([...tiny('run2', 10), '-q'], { cwd: dir });
    expect(ok.stderr).not.toContain('warning');
  });

  it('--json writes only NDJSON events on stdout, ending with done', async () => {
    const dir = tempDir();
    const r = await dnw([...tiny('run', 40), '--json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const es = events(r.stdout);
    expect(es[0]!.type).toBe('start');
    expect(es[es.length - 1]!.type).toBe('done');
    for (const e of es) expect(e.v).toBe(1);
    expect(es.filter((e) => e.type === 'step').length).toBeGreaterThan(0);
    expect(es.some((e) => e.type === 'rewire')).toBe(true);
    const done = es[es.length - 1]!;
    if (done.type !== 'done') throw new Error('unreachable');
    expect(done.step).toBe(40);
    expect(done.paths.model).toBe(join(dir, 'run', 'model.json'));
    expect(existsSync(join(dir, 'run', 'model.json'))).toBe(true);
    // The summary goes to stderr under --json, never stdout.
    expect(r.stderr).toContain('test accuracy');
  });

  it('without --json prints the test accuracy and where model.json and wiring.json are', async () => {
    const dir = tempDir();
    const r = await dnw(tiny('run', 20), { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^test accuracy \d+\.\d\d% \(loss \d/);
    expect(r.stdout).toContain(`model:      ${join(dir, 'run', 'model.json')}`);
    expect(r.stdout).toContain(`wiring:     ${join(dir, 'run', 'wiring.json')}`);
    expect(r.stderr).toContain('training a static graph');
    expect(r.stderr).toContain('training on a worker thread');
  });

  it('trains on a worker thread by default, with the same events, model.json and wiring.json as --no-worker', async () => {
    // Times differ from run to run; the run directory differs by test; everything else must match.
    const comparable = (stdout: string, dir: string): unknown[] =>
      lines(stdout).map((l) => JSON.parse(l.split(dir).join('<dir>'), (k, v: unknown) => (k === 'seconds' || k === 'examplesPerSec' ? 0 : v)));
    const runIn = async (extra: string[]): Promise<{ dir: string; stdout: string; stderr: string }> => {
      const dir = tempDir();
      const r = await dnw([...tiny('run', 60), '--json', ...extra], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      return { dir, stdout: r.stdout, stderr: r.stderr };
    };
    const [inWorker, inProcess] = await Promise.all([runIn([]), runIn(['--no-worker'])]);
    expect(comparable(inWorker.stdout, inWorker.dir)).toEqual(comparable(inProcess.stdout, inProcess.dir));
    for (const file of ['model.json', 'wiring.json']) {
      expect(readFileSync(join(inWorker.dir, 'run', file), 'utf8'), file).toBe(readFileSync(join(inProcess.dir, 'run', file), 'utf8'));
    }
  });

  it('Ctrl-C stops with 130 and keeps the checkpoint; --resume continues from it to the end', async () => {
    const dir = tempDir();
    const args = [...tiny('run', 400), '--json'];
    let signalled = false;
    const first = await dnw(args, {
      cwd: dir,
      onStdout: (chunk, child) => {
        if (!signalled && chunk.includes('"type":"checkpoint"')) {
          signalled = true;
          child.kill('SIGINT');
        }
      },
    });
    expect(first.code, first.stderr).toBe(130);
    expect(first.stderr).toMatch(/interrupted at step \d+; the checkpoint of step (\d+) is kept/);
    expect(first.stderr).toContain('--resume');
    const stopped = events(first.stdout);
    expect(stopped.some((e) => e.type === 'done')).toBe(false);
    const saved = Math.max(...stopped.flatMap((e) => (e.type === 'checkpoint' ? [e.step] : [])));
    expect(saved).toBeGreaterThanOrEqual(20);

    const second = await dnw([...args, '--resume'], { cwd: dir });
    expect(second.code, second.stderr).toBe(0);
    const resumed = events(second.stdout);
    const start = resumed[0]!;
    if (start.type !== 'start') throw new Error(`expected start, got ${start.type}`);
    expect(start.resumedFrom?.step).toBeGreaterThanOrEqual(saved);
    const firstStep = resumed.find((e) => e.type === 'step');
    expect(firstStep && firstStep.type === 'step' && firstStep.step).toBeGreaterThan(start.resumedFrom!.step);
    const done = resumed[resumed.length - 1]!;
    expect(done.type === 'done' && done.step).toBe(400);

    // The wiring history spans both parts of the run.
    const h = decodeWiringHistory(JSON.parse(readFileSync(join(dir, 'run', 'wiring.json'), 'utf8')));
    if (h._tag === 'Left') throw new Error(h.left);
    const steps = h.right.snapshots.map((s) => s.step);
    expect(steps[0]).toBe(0);
    expect(steps[steps.length - 1]).toBe(400);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
  });

  it('dnw export writes a valid, thinned wiring history', async () => {
    const dir = tempDir();
    const r = await dnw(tiny('run', 60), { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    // A second fresh run into the same directory would mix two runs' checkpoints: refused.
    const again = await dnw(tiny('run', 60), { cwd: dir });
    expect(again.code).toBe(2);
    expect(lines(again.stderr)).toHaveLength(1);
    expect(again.stderr).toMatch(/^dnw: error: .*already holds checkpoints.*--resume/);

    const x = await dnw(['export', 'run', '-o', 'web.json', '--max-snapshots', '3'], { cwd: dir });
    expect(x.code, x.stderr).toBe(0);
    expect(x.stdout).toBe('');
    const file = JSON.parse(readFileSync(join(dir, 'web.json'), 'utf8')) as Record<string, unknown>;
    const h = decodeWiringHistory(file);
    if (h._tag === 'Left') throw new Error(h.left);
    expect(file.format).toBe('dnw-wiring-history');
    expect(file.version).toBe(1);
    const { model, layout, snapshots } = h.right;
    expect(model.kind).toBe('static');
    expect(layout.blocks.map((b) => b.count)).toEqual([16, 16, 16, 4]);
    expect(layout.blocks[0]!.label).toBe('input');
    expect(snapshots).toHaveLength(3);
    expect(snapshots[0]!.step).toBe(0);
    expect(snapshots[2]!.step).toBe(60);
    for (const s of snapshots) {
      // A static graph keeps exactly its budget of edges, each from an earlier block to a later one.
      expect(s.from).toHaveLength(model.budget!);
      const blockOf = (v: number) => layout.blocks.findIndex((b) => v >= b.start && v < b.start + b.count);
      for (let i = 0; i < s.from.length; i++) expect(blockOf(s.from[i]!)).toBeLessThan(blockOf(s.to[i]!));
    }
    expect(snapshots[2]!.accuracy).toBeGreaterThan(0.5);

    // To stdout when no -o is given: exactly the JSON.
    const y = await dnw(['export', join('run', 'wiring.json')], { cwd: dir });
    expect(y.code).toBe(0);
    expect(decodeWiringHistory(JSON.parse(y.stdout))._tag).toBe('Right');
  });

  it('dnw eval reproduces the test accuracy the run reported', async () => {
    const dir = tempDir();
    const r = await dnw(
      ['train', '--hidden', '32', '--steps', '30', '--backend', 'js', '--out', 'run', '--json', '-q', '--set', 'data.validation=0', '--set', 'rewireEvery=0'],
      { cwd: dir, timeoutMs: 120_000 },
    );
    expect(r.code, r.stderr).toBe(0);
    const done = events(r.stdout).at(-1)!;
    if (done.type !== 'done') throw new Error(`expected done, got ${done.type}`);
    // A run directory stands for its model.json.
    const e = await dnw(['eval', 'run', '--json', '--backend', 'js'], { cwd: dir, timeoutMs: 120_000 });
    expect(e.code, e.stderr).toBe(0);
    const result = JSON.parse(e.stdout) as { accuracy: number; loss: number; examples: number; edges: number; flops: number };
    expect(result.examples).toBe(10_000);
    expect(result.accuracy).toBeCloseTo(done.test.accuracy, 10);
    expect(result.loss).toBeCloseTo(done.test.loss, 4);
    expect(result.edges).toBe(done.edges);
    expect(result.flops).toBeLessThanOrEqual(2 * result.edges);
  }, 240_000);
});
