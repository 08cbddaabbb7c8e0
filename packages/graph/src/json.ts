import * as t from 'io-ts';
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import { fromState, type RngState } from '@dnw/tensor';
import { bytesToFloats, floatBytes, fromBase64, toBase64 } from './base64.js';
import { createModel, modelKind, registeredKinds, type Model, type ModelSpec, type ParamTree } from './model.js';
import { describeErrors } from './spec-codecs.js';
import type { StrategyState } from './strategy.js';
import { paramEntries } from './tree.js';

/** A model file that could not be read; `field` is the path of the offending value. */
export interface ModelError {
  readonly _tag: 'ModelError';
  readonly field: string;
  readonly message: string;
}

const modelError = (field: string, problem: string): ModelError => ({ _tag: 'ModelError', field, message: `${field}: ${problem}` });

/** A tensor in JSON: its shape and its float32 values, as base64 of the little-endian bytes or as numbers. */
export interface TensorJSON {
  readonly shape: readonly number[];
  readonly data: string | readonly number[];
}

export interface StrategyStateJSON {
  /** base64 of one byte per position (1 = in the graph). */
  readonly mask?: string;
  /** base64 of the float32 rewind weights (lottery). */
  readonly rewind?: string;
}

/** The versioned model file. Params are keyed by their path in the params tree. */
export interface ModelJSON {
  readonly format: 'dnw-model';
  readonly version: 1;
  readonly spec: ModelSpec;
  readonly params: Readonly<Record<string, TensorJSON>>;
  /** Non-trainable state (batch-norm running statistics), keyed like params; absent when the model has none. */
  readonly buffers?: Readonly<Record<string, TensorJSON>>;
  /** One entry per edge set, in `model.edgeSets` order. */
  readonly strategies: readonly StrategyStateJSON[];
  /** The model's training randomness (dropout), so a resumed run draws what it would have drawn. */
  readonly rng: RngState;
}

export interface ToJSONOptions {
  /** 'base64' (default, compact, exact) or 'array' (readable numbers, also exact). */
  readonly encoding?: 'base64' | 'array';
}

/** The model as versioned JSON; `modelFromJSON(modelToJSON(m))` restores it bit for bit. */
export function modelToJSON(model: Model, opts: ToJSONOptions = {}): ModelJSON {
  const array = opts.encoding === 'array';
  const encodeTree = (tree: ParamTree): Record<string, TensorJSON> => {
    const out: Record<string, TensorJSON> = {};
    for (const { path, tensor } of paramEntries(tree)) {
      out[path] = { shape: [...tensor.shape], data: array ? Array.from(tensor.data) : toBase64(floatBytes(tensor.data)) };
    }
    return out;
  };
  const params = encodeTree(model.params);
  const strategies = model.edgeSets.map((es) => {
    const s = es.strategy.state();
    const out: { mask?: string; rewind?: string } = {};
    if (s.mask !== undefined) out.mask = toBase64(s.mask);
    if (s.rewind !== undefined) out.rewind = toBase64(floatBytes(s.rewind));
    return out;
  });
  const st = model.rng.state();
  const rng: RngState = { s: [...st.s] as [number, number, number, number], spare: st.spare };
  return model.buffers === undefined
    ? { format: 'dnw-model', version: 1, spec: model.spec, params, strategies, rng }
    : { format: 'dnw-model', version: 1, spec: model.spec, params, buffers: encodeTree(model.buffers), strategies, rng };
}

const u32 = t.number;
const tensorsCodec = t.record(t.string, t.type({ shape: t.array(t.number), data: t.union([t.string, t.array(t.number)]) }));
const fileCodec = t.intersection([
  t.type({
    format: t.literal('dnw-model'),
    version: t.literal(1),
    spec: t.type({ kind: t.string }),
    params: tensorsCodec,
    strategies: t.array(t.partial({ mask: t.string, rewind: t.string })),
    rng: t.type({ s: t.tuple([u32, u32, u32, u32]), spare: t.union([t.number, t.null]) }),
  }),
  t.partial({ buffers: tensorsCodec }),
]);

type TensorsJSON = t.TypeOf<typeof tensorsCodec>;

/** Fill every tensor of `tree` from the JSON record, checking names, shapes and values; null when all is well. */
function fillTree(root: string, tree: ParamTree, record: TensorsJSON): ModelError | null {
  const entries = paramEntries(tree);
  const known = new Set(entries.map((e) => e.path));
  for (const key of Object.keys(record)) if (!known.has(key)) return modelError(`${root}.${key}`, `not a ${root === 'params' ? 'parameter' : 'buffer'} of this spec`);
  for (const { path, tensor } of entries) {
    const field = `${root}.${path}`;
    const p = record[path];
    if (p === undefined) return modelError(field, `missing (expected shape [${tensor.shape.join(',')}])`);
    if (p.shape.length !== tensor.shape.length || p.shape.some((d, i) => d !== tensor.shape[i])) {
      return modelError(`${field}.shape`, `expected [${tensor.shape.join(',')}], got [${p.shape.join(',')}]`);
    }
    let values: Float32Array | null;
    if (typeof p.data === 'string') {
      const bytes = fromBase64(p.data);
      values = bytes === null ? null : bytesToFloats(bytes);
      if (values === null) return modelError(`${field}.data`, 'not valid base64 of float32 values');
    } else {
      values = Float32Array.from(p.data);
    }
    if (values.length !== tensor.size) return modelError(field, `expected ${tensor.size} numbers, got ${values.length}`);
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i])) return modelError(`${field}.data[${i}]`, `expected a finite number, got ${values[i]}`);
    }
    tensor.data.set(values);
  }
  return null;
}

/**
 * A model from its JSON, every value checked against the spec: an error names the field, e.g.
 * `params.edges[2]: expected 19200 numbers, got 100`.
 */
export function modelFromJSON(u: unknown): Either<ModelError, Model> {
  const file = fileCodec.decode(u);
  if (isLeft(file)) {
    const msg = describeErrors(file.left);
    const at = msg.indexOf(': ');
    return left(modelError(msg.slice(0, at), msg.slice(at + 2)));
  }
  const f = file.right;
  const def = modelKind(f.spec.kind);
  if (def === undefined) return left(modelError('spec.kind', `unknown model kind '${f.spec.kind}' (known: ${registeredKinds().join(', ')})`));
  const spec = def.codec.decode((u as { spec: unknown }).spec);
  if (isLeft(spec)) {
    const msg = describeErrors(spec.left, 'spec');
    const at = msg.indexOf(': ');
    return left(modelError(msg.slice(0, at), msg.slice(at + 2)));
  }

  // A probe with a stateless strategy tells the edge-set sizes before the masks are trusted.
  let probe: Model;
  try {
    probe = createModel({ ...spec.right, strategy: { name: 'complete' } } as ModelSpec, 0);
  } catch (e) {
    return left(modelError('spec', (e as Error).message));
  }
  if (f.strategies.length !== probe.edgeSets.length) {
    return left(modelError('strategies', `expected ${probe.edgeSets.length} entries (one per edge set), got ${f.strategies.length}`));
  }
  const restored: StrategyState[] = [];
  for (let i = 0; i < f.strategies.length; i++) {
    const s = f.strategies[i];
    const size = probe.edgeSets[i].size;
    const state: { mask?: Uint8Array; rewind?: Float32Array } = {};
    if (s.mask !== undefined) {
      const mask = fromBase64(s.mask);
      if (mask === null) return left(modelError(`strategies[${i}].mask`, 'not valid base64'));
      if (mask.length !== size) return left(modelError(`strategies[${i}].mask`, `expected ${size} bytes, got ${mask.length}`));
      state.mask = mask;
    }
    if (s.rewind !== undefined) {
      const bytes = fromBase64(s.rewind);
      const rewind = bytes === null ? null : bytesToFloats(bytes);
      if (rewind === null) return left(modelError(`strategies[${i}].rewind`, 'not valid base64 of float32 values'));
      if (rewind.length !== size) return left(modelError(`strategies[${i}].rewind`, `expected ${size} numbers, got ${rewind.length}`));
      state.rewind = rewind;
    }
    restored.push(state);
  }
  let model: Model;
  try {
    model = createModel(spec.right, 0, restored);
  } catch (e) {
    return left(modelError('strategies', (e as Error).message));
  }

  const paramsError = fillTree('params', model.params, f.params);
  if (paramsError !== null) return left(paramsError);
  if (model.buffers !== undefined) {
    if (f.buffers === undefined) return left(modelError('buffers', 'missing (this spec keeps running statistics)'));
    const buffersError = fillTree('buffers', model.buffers, f.buffers);
    if (buffersError !== null) return left(buffersError);
  } else if (f.buffers !== undefined && Object.keys(f.buffers).length > 0) {
    return left(modelError('buffers', 'this spec has no buffers'));
  }
  const rng = fromState({ s: f.rng.s, spare: f.rng.spare });
  return right({ ...model, rng });
}
