// Imports model.ts alone, never the package index: the built-in kinds must be there without any
// import side effect, because bundlers drop side effects of a package marked `"sideEffects": false`.
import { describe, expect, it } from 'vitest';
import { createModel, modelKind, registerModelKind, registeredKinds, type MlpSpec, type ModelKind } from '../src/model.js';
import pkg from '../package.json' with { type: 'json' };

describe('built-in model kinds', () => {
  it('are known to createModel without importing the package index', () => {
    expect([...registeredKinds()].sort()).toEqual(['channel', 'continuous', 'discrete', 'mlp', 'static']);
    const spec: MlpSpec = { kind: 'mlp', sizes: [4, 3, 2], keep: 0.5, strategy: { name: 'dnw' } };
    const model = createModel(spec, 0);
    expect(model.spec.kind).toBe('mlp');
  });

  it('leave the package free of side effects', () => {
    expect(pkg.sideEffects).toBe(false);
  });

  it('can be joined by a user kind', () => {
    const mlp = modelKind('mlp') as ModelKind<MlpSpec>;
    registerModelKind({ ...mlp, kind: 'my-mlp' } as unknown as ModelKind<MlpSpec>);
    expect(registeredKinds()).toContain('my-mlp');
    expect(registeredKinds()).toContain('static');
  });
});
