import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, dnw, lines, tempDir } from './run-dnw.js';

const ESC = '\u001b[';

describe('dnw: signals, colour, bench', () => {
  beforeAll(assertBuilt);

  it('SIGTERM stops training with 143 and says how to resume', async () => {
    const dir = tempDir();
    let sent = false;
    const r = await dnw(
      ['train', '--dataset', 'synthetic', '--hidden', '16', '--steps', '5000', '--backend', 'js', '--out', 'run', '--json', '--set', 'data.validation=256'],
      {
        cwd: dir,
        onStdout: (chunk, child) => {
          if (!sent && chunk.includes('"type":"step"')) {
            sent = true;
            child.kill('SIGTERM');
          }
        },
      },
    );
    expect(r.code, r.stderr).toBe(143);
    expect(r.stderr).toMatch(/terminated at step \d+/);
    expect(r.stderr).toContain('--resume');
  });

  it('colours errors only when asked: NO_COLOR wins over FORCE_COLOR', async () => {
    const plain = await dnw(['train', '--lr', 'x']);
    expect(plain.stderr).not.toContain(ESC);
    const forced = await dnw(['train', '--lr', 'x'], { env: { FORCE_COLOR: '1' } });
    expect(forced.stderr).toContain(ESC);
    const both = await dnw(['train', '--lr', 'x'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(both.stderr).not.toContain(ESC);
  });

  it('never colours NDJSON, even when colour is forced', async () => {
    const dir = tempDir();
    const r = await dnw(['train', '--dataset', 'synthetic', '--hidden', '8', '--steps', '10', '--backend', 'js', '--out', 'run', '--json', '--set', 'data.validation=256'], {
      cwd: dir,
      env: { FORCE_COLOR: '1' },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain(ESC);
    for (const l of lines(r.stdout)) expect(() => JSON.parse(l)).not.toThrow();
  });

  it('dnw bench --json reports every case with finite times and a training loss that falls', async () => {
    const r = await dnw(['bench', '--steps', '3', '--warmup', '2', '--json'], { timeoutMs: 180_000 });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as {
      results: { variant: string; peer: string; medianMs: number; firstLoss: number; lastLoss: number }[];
      speedups: { variant: string; peer: string; vsTfjsWasm: number }[];
    };
    const cases = report.results.map((x) => `${x.variant} ${x.peer}`);
    for (const c of ['dense ours (wasm)', 'dense ours (js)', 'dense tfjs-wasm', 'dense jax-js', 'dnw 10% ours (wasm)', 'dnw 10% ours (js)', 'dnw 10% tfjs-wasm']) {
      expect(cases).toContain(c);
    }
    for (const x of report.results) {
      expect(Number.isFinite(x.medianMs) && x.medianMs > 0).toBe(true);
      expect(x.lastLoss).toBeLessThan(x.firstLoss);
    }
    expect(report.speedups.every((s) => Number.isFinite(s.vsTfjsWasm) && s.vsTfjsWasm > 0)).toBe(true);
  }, 200_000);
});
