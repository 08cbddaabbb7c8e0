import { describe, expect, it } from 'vitest';
import { removedPercent } from '@dnw/report';
import { configOf } from '../src/execute.js';
import { SPARSE_LINES, sweep } from '../src/sweeps.js';

describe('sweep', () => {
  const quick = sweep({ mode: 'quick', seeds: [0] });
  const full = sweep({ mode: 'full', seeds: [0, 1, 2] });

  it('gives every run its own id, and quick and full runs never share one', () => {
    const ids = [...quick, ...full].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('puts every parent in the sweep before the runs staged from it', () => {
    for (const runs of [quick, full]) {
      let staged = 0;
      runs.forEach((r, i) => {
        if (r.stage === null || !('parent' in r.stage)) return;
        staged++;
        const p = runs.findIndex((q) => q.id === (r.stage as { parent: string }).parent);
        expect(p, r.id).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThan(i);
        expect(runs[p].seed).toBe(r.seed);
      });
      // The fine-tune and lottery runs are staged from a parent: a sweep without any would check nothing.
      expect(staged).toBeGreaterThan(0);
    }
  });

  it('has the first table: three graph kinds x {random, dnw}, and the static baselines', () => {
    const variants = quick.filter((r) => r.group === 'graphs').map((r) => r.variant).sort();
    expect(variants).toEqual(
      [
        'continuous/dnw',
        'continuous/random',
        'discrete/dnw',
        'discrete/random',
        'discrete-300/dnw',
        'discrete-300/random',
        'static/complete',
        'static/dnw',
        'static/dnw-no-update',
        'static/fine-tune',
        'static/lottery',
        'static/random',
        'static/targeted-dropout',
      ].sort(),
    );
  });

  it('gives discrete time the static graph\'s 300 hidden nodes, budget and epochs in its wide runs', () => {
    for (const mode of ['quick', 'full'] as const) {
      const runs = sweep({ mode, seeds: [0] });
      const staticDnw = runs.find((r) => r.variant === 'static/dnw')!;
      const wide = runs.find((r) => r.variant === 'discrete-300/dnw')!;
      const narrow = runs.find((r) => r.variant === 'discrete/dnw')!;
      const c = (r: typeof wide) => configOf(r, '/tmp/sweep');
      expect(c(wide).model.hidden).toEqual([300]);
      expect(c(wide).model.budget).toBe(c(narrow).model.budget);
      expect(c(wide).epochs).toBe(c(staticDnw).epochs);
      expect(wide.keep).toBeCloseTo(27604 / 1094 ** 2, 12);
      expect(c(narrow).model.hidden).toEqual([100]);
    }
    // Continuous time on equal terms only in full mode (20 graph evaluations per step).
    const wideContinuous = (mode: 'quick' | 'full') => sweep({ mode, seeds: [0] }).filter((r) => r.variant.startsWith('continuous-300/'));
    expect(wideContinuous('quick')).toEqual([]);
    const full = wideContinuous('full');
    expect(full.map((r) => r.strategy).sort()).toEqual(['dnw', 'random']);
    for (const r of full) {
      expect(configOf(r, '/tmp/sweep').model.hidden).toEqual([300]);
      expect(configOf(r, '/tmp/sweep').epochs).toBe(8);
    }
  });

  it('covers 0, 50, 60, 70, 80, 90, 95 and 98% removed for every sparse line, per seed', () => {
    for (const line of SPARSE_LINES) {
      const removed = full.filter((r) => r.variant === line.variant && r.seed === 1).map((r) => removedPercent(r.keep));
      expect(removed.sort((a, b) => a - b)).toEqual([50, 60, 70, 80, 90, 95, 98]);
    }
    expect(full.filter((r) => r.variant === 'mlp/dense').map((r) => r.seed)).toEqual([0, 1, 2]);
  });

  it('decodes every run config, each in its own resumable directory', () => {
    for (const r of quick) {
      const c = configOf(r, '/tmp/sweep');
      expect(c.checkpoint.resume).toBe(true);
      expect(c.checkpoint.dir).toBe(`/tmp/sweep/runs/${r.id}`);
      expect(c.seed).toBe(r.seed);
    }
  });

  it('selects groups', () => {
    expect(new Set(sweep({ mode: 'quick', seeds: [0] }, ['sparse']).map((r) => r.group))).toEqual(new Set(['sparse']));
  });
});
