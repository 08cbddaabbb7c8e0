/**
 * A model's complete training state as JSON for checkpoints: its spec, every parameter (exact, as
 * base64 floats), the strategies' saved states (random graphs, frozen masks, rewind weights) and
 * the model's own random stream (dropout draws), so a restored model continues bit for bit.
 */
import { createModel, paramEntries, type Model, type ModelSpec, type StrategyState } from '@dnw/graph';
import { fromState, type Rng, type RngState } from '@dnw/tensor';
import { base64ToFloats, floatsToBase64 } from './float-codec.js';

export interface ModelStateJSON {
  readonly spec: ModelSpec;
  readonly seed: number;
  readonly params: readonly { readonly path: string; readonly shape: readonly number[]; readonly data: string }[];
  readonly strategies: readonly { readonly mask: string | null; readonly rewind: string | null }[];
  readonly rng: RngState;
}

const bytesToBase64 = (b: Uint8Array): string => {
  let s = '';
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(s);
};

const base64ToBytes = (s: string): Uint8Array => {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
};

export const modelStateToJSON = (model: Model, seed: number): ModelStateJSON => ({
  spec: model.spec,
  seed,
  params: paramEntries(model.params).map(({ path, tensor }) => ({ path, shape: [...tensor.shape], data: floatsToBase64(tensor.data) })),
  strategies: model.edgeSets.map((es) => {
    const st = es.strategy.state();
    return { mask: st.mask ? bytesToBase64(st.mask) : null, rewind: st.rewind ? floatsToBase64(st.rewind) : null };
  }),
  rng: model.rng.state(),
});

/**
 * Rebuilds the model a state was saved from. The caller checks that `state.spec` is the spec it
 * expects; here only the saved parts must fit that spec (paths and sizes), else an error names them.
 */
export const modelFromState = (state: ModelStateJSON): Model | string => {
  let restored: StrategyState[];
  try {
    restored = state.strategies.map((s) => ({
      ...(s.mask !== null ? { mask: base64ToBytes(s.mask) } : {}),
      ...(s.rewind !== null ? { rewind: base64ToFloats(s.rewind) ?? new Float32Array(0) } : {}),
    }));
  } catch {
    return 'model.strategies: not base64';
  }
  let model: Model;
  try {
    model = createModel(state.spec, state.seed, restored);
  } catch (err) {
    return `model.spec: ${err instanceof Error ? err.message : String(err)}`;
  }
  const entries = paramEntries(model.params);
  if (entries.length !== state.params.length) return `model.params: ${state.params.length} tensors saved, the model has ${entries.length}`;
  for (let i = 0; i < entries.length; i++) {
    const { path, tensor } = entries[i]!;
    const saved = state.params[i]!;
    const data = base64ToFloats(saved.data);
    if (saved.path !== path || data === null || data.length !== tensor.size) {
      return `model.params[${i}]: expected ${path} with ${tensor.size} values, got ${saved.path} with ${data === null ? 'unreadable data' : `${data.length} values`}`;
    }
    tensor.data.set(data);
  }
  // The model's stream is a field the forward pass reads through the training context, which
  // lossAndGrad builds at its first call: replacing it before any step resumes the dropout draws.
  (model as { rng: Rng }).rng = fromState(state.rng);
  return model;
};
