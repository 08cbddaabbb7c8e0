import { describe, expect, it } from 'vitest';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { decodeConfig, DEFAULT_CONFIG, type ConfigError } from '../src/config.js';

const errorsOf = (u: unknown): ConfigError[] => {
  const r = decodeConfig(u);
  if (!isLeft(r)) throw new Error(`expected errors, decoded ${JSON.stringify(r.right)}`);
  return r.left;
};

describe('decodeConfig', () => {
  it('decodes {} and undefined to the defaults', () => {
    expect(decodeConfig({})).toEqual({ _tag: 'Right', right: DEFAULT_CONFIG });
    expect(decodeConfig(undefined)).toEqual({ _tag: 'Right', right: DEFAULT_CONFIG });
  });

  it('fills the missing keys of a partial config, at every depth', () => {
    const r = decodeConfig({ seed: 7, model: { budget: 300 }, optimizer: { schedule: { kind: 'step', milestones: [2, 4] } } });
    expect(isRight(r)).toBe(true);
    if (!isRight(r)) return;
    expect(r.right.seed).toBe(7);
    expect(r.right.model).toEqual({ ...DEFAULT_CONFIG.model, budget: 300 });
    expect(r.right.optimizer.lr).toBe(DEFAULT_CONFIG.optimizer.lr);
    expect(r.right.optimizer.schedule).toEqual({ ...DEFAULT_CONFIG.optimizer.schedule, kind: 'step', milestones: [2, 4] });
    expect(r.right.data).toEqual(DEFAULT_CONFIG.data);
  });

  it('the defaults are the main job: a DNW static graph on MNIST with 10% of its allowed edges', () => {
    expect(DEFAULT_CONFIG.data.dataset).toBe('mnist');
    expect(DEFAULT_CONFIG.model.kind).toBe('static');
    expect(DEFAULT_CONFIG.model.strategy).toBe('dnw');
    expect(DEFAULT_CONFIG.model.budget).toBe(0.1);
  });

  it('names the field path and the value in each error', () => {
    expect(errorsOf({ model: { budget: 'x' } }).map((e) => e.message)).toEqual([
      'model.budget: expected a number in (0, 1] or a positive integer, got "x"',
    ]);
    expect(errorsOf({ model: { budget: 2.5 } })[0]!.path).toBe('model.budget');
    expect(errorsOf({ model: { hidden: [10, -3] } })[0]!.message).toBe('model.hidden: expected a list of positive integers, got [10,-3]');
    expect(errorsOf({ optimizer: { schedule: { kind: 'linear' } } })[0]!.message).toBe(
      'optimizer.schedule.kind: expected one of "cosine", "step", "constant", got "linear"',
    );
    expect(errorsOf({ batchSize: 0 })[0]!.message).toBe('batchSize: expected a positive integer, got 0');
    expect(errorsOf({ checkpoint: 5 })[0]!.message).toBe('checkpoint: expected checkpoint settings, got 5');
    expect(errorsOf(3)[0]!.message).toBe('config: expected a config object, got 3');
    expect(errorsOf({ backend: null })[0]!.message).toBe('backend: expected one of "wasm", "js", "auto", got null');
  });

  it('reports unknown keys by name, at any depth, along with the other errors', () => {
    const errors = errorsOf({ lr: 0.1, optimizer: { learningRate: 0.1 }, model: { budget: -1 } });
    const paths = errors.map((e) => e.path).sort();
    expect(paths).toEqual(['lr', 'model.budget', 'optimizer.learningRate']);
    const unknown = errors.find((e) => e.path === 'optimizer.learningRate')!;
    expect(unknown.message).toMatch(/^optimizer\.learningRate: unknown key \(allowed: lr, momentum, weightDecay, nesterov, schedule\)$/);
  });

  it('checks rules between fields', () => {
    expect(errorsOf({ checkpoint: { resume: true } })[0]!.path).toBe('checkpoint.resume');
    expect(errorsOf({ optimizer: { schedule: { milestones: [3, 2] } } })[0]!.path).toBe('optimizer.schedule.milestones');
    expect(errorsOf({ model: { kind: 'discrete', hidden: [10, 10] } })[0]!.path).toBe('model.hidden');
    expect(errorsOf({ data: { dataset: 'synthetic', validation: 5000 } })[0]!.path).toBe('data.validation');
    expect(errorsOf({ optimizer: { schedule: { kind: 'constant', warmupSteps: 5 } } })[0]!.path).toBe('optimizer.schedule.warmupSteps');
    expect(errorsOf({ optimizer: { schedule: { milestones: [2] } } })[0]!.path).toBe('optimizer.schedule.milestones');
    expect(errorsOf({ threads: 2 })[0]!.message).toMatch(/^threads: expected 1/);
    expect(errorsOf({ model: { kind: 'mlp', budget: 300 } })[0]!.path).toBe('model.budget');
  });

  it('gives synthetic data a validation split that fits when none is named', () => {
    const validationOf = (u: unknown): number => {
      const d = decodeConfig(u);
      if (isLeft(d)) throw new Error(d.left.map((e) => e.message).join('; '));
      return d.right.data.validation;
    };
    expect(validationOf({ data: { dataset: 'synthetic' } })).toBe(256); // an eighth of 2048
    expect(validationOf({ data: { dataset: 'synthetic', synthetic: { train: 800 } } })).toBe(100);
    expect(validationOf({ data: { dataset: 'synthetic', validation: 0 } })).toBe(0);
    expect(validationOf({ data: { dataset: 'synthetic', validation: 1000 } })).toBe(1000);
    expect(validationOf({})).toBe(5000);
    expect(validationOf({ data: { validation: 100 } })).toBe(100);
    // A decoded config decodes to itself (checkpoints compare configs this way).
    const d = decodeConfig({ data: { dataset: 'synthetic' } });
    if (isRight(d)) expect(decodeConfig(JSON.parse(JSON.stringify(d.right)))).toEqual(d);
  });

  it('is JSON round-trippable', () => {
    expect(decodeConfig(JSON.parse(JSON.stringify(DEFAULT_CONFIG)))).toEqual({ _tag: 'Right', right: DEFAULT_CONFIG });
  });
});
