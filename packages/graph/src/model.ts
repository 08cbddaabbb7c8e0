import type * as t from 'io-ts';
import type { Rng, Tensor } from '@dnw/tensor';
import type { ChooseContext, EdgeSet, StrategySpec, StrategyState } from './strategy.js';
import { builtinKinds } from './builtin-kinds.js';

/**
 * What every model kind shares: a JSON spec, a params pytree, its budgeted edge sets and a
 * forward pass from data `x` [features, batch] to logits [classes, batch]. Training code
 * (`lossAndGrad`, `evaluate`, SGD, wiring, JSON) only ever sees this interface.
 */

/** A pytree of tensors: what `valueAndGrad` differentiates and SGD updates in place. */
export type ParamTree = Tensor | readonly ParamTree[] | { readonly [key: string]: ParamTree };

/** A static neural graph of scalar nodes (paper section 1): a DAG executed block by block. */
export interface StaticSpec {
  readonly kind: 'static';
  /** Input nodes: the data features (e.g. 784 pixels). */
  readonly inputs: number;
  /** Hidden nodes in ordered blocks; edges run from any earlier block (or the inputs) to any later one. */
  readonly blocks: readonly number[];
  /** Output nodes: their inputs are the logits. */
  readonly outputs: number;
  /** The edge budget k of the whole graph. */
  readonly edges: number;
  readonly strategy: StrategySpec;
  /**
   * A hidden node computes relu(norm(I)). 'batch' (default): batch normalisation without affine
   * part, PyTorch semantics (batch statistics in training, running averages with momentum 0.1 in
   * evaluation). 'none': relu(I).
   */
  readonly norm?: 'batch' | 'none';
  /** A learned bias on the logits. Default true. */
  readonly outputBias?: boolean;
  /**
   * Default true: only forward edges (earlier block -> later block) exist. false: the reference's
   * layout, where every (to, from) position of the non-input x non-output matrix competes in the
   * top-k (backward and same-block edges take budget but carry nothing and only decay).
   */
  readonly maskBackwardEdges?: boolean;
}

/** An ordinary layered network whose every layer is a budgeted edge set (paper section 5). */
export interface MlpSpec {
  readonly kind: 'mlp';
  /** Layer widths from input to output, e.g. [784, 300, 100, 10] (LeNet-300-100). */
  readonly sizes: readonly number[];
  /** Fraction of each layer's weights in the graph: k = round(keep * fanIn * fanOut). */
  readonly keep: number;
  /** Per-layer overrides of `keep` (null: use `keep`; 1: dense). */
  readonly keepPerLayer?: readonly (number | null)[];
  readonly strategy: StrategySpec;
}

/**
 * The spec of each model kind, by its `kind` tag. Another module adds a kind by augmenting this
 * interface (`declare module '../model.js' { interface ModelKinds { discrete: DiscreteSpec } }`)
 * and registering a `ModelKind` for it (explicitly, in index.ts).
 */
export interface ModelKinds {
  static: StaticSpec;
  mlp: MlpSpec;
}

export type ModelSpec = ModelKinds[keyof ModelKinds];

/** Node ids are global: inputs first, outputs last. */
export interface NodeLayout {
  readonly count: number;
  /** Nodes [0, inputs) are the input nodes. */
  readonly inputs: number;
  /** Nodes [count - outputs, count) are the output nodes. */
  readonly outputs: number;
  /** Node counts per drawn column, first to last (inputs, blocks or layers, outputs); sums to count. */
  readonly columns: readonly number[];
}

export type ForwardContext = ChooseContext;

export interface Model<S extends ModelSpec = ModelSpec> {
  readonly spec: S;
  /** The trainable parameters; SGD updates their buffers in place. */
  readonly params: ParamTree;
  /**
   * Non-trainable state (batch-norm running statistics): updated in place by training-mode
   * forwards, used in evaluation mode, saved with the model; never differentiated or decayed.
   */
  readonly buffers?: ParamTree;
  /** Every budgeted weight group of the model; each has its own strategy instance and k. */
  readonly edgeSets: readonly EdgeSet[];
  readonly nodes: NodeLayout;
  /** The model's own randomness for per-step choices (dropout); seeded from the model's seed. */
  readonly rng: Rng;
  /** Logits [classes, batch] from data x [features, batch]. Calls `chooseEdges` on each edge set. */
  forward(params: ParamTree, x: Tensor, ctx: ForwardContext): Tensor;
}

/** Restored strategy states, one per edge set (frozen masks, lottery rewinds, random graphs). */
export type RestoredStates = readonly (StrategyState | undefined)[];

/** How a model kind is built, decoded and compacted. */
export interface ModelKind<S extends ModelSpec = ModelSpec> {
  readonly kind: S['kind'];
  /** Decodes and validates a spec of this kind (JSON boundary); errors must name the field. */
  readonly codec: t.Decoder<unknown, S>;
  /**
   * A fresh model with weights initialised from `seed`. `restored` carries the strategy states of a
   * saved model (masks that are not a function of the seed); strategies that need a mask they
   * were not given (fine-tune, lottery) throw.
   */
  create(spec: S, seed: number, restored?: RestoredStates): Model<S>;
  /** An inference model without dead nodes whose evaluation-mode logits equal `model`'s. */
  compact?(model: Model<S>): Model<S>;
}

const kinds = new Map<string, ModelKind<any>>(builtinKinds.map((def) => [def.kind, def]));

/** Make a model kind available to `createModel`, `compact` and `modelFromJSON`. */
export function registerModelKind<S extends ModelSpec>(def: ModelKind<S>): void {
  kinds.set(def.kind, def);
}

/** The registered definition of a kind, or undefined. */
export function modelKind(kind: string): ModelKind<any> | undefined {
  return kinds.get(kind);
}

export function registeredKinds(): readonly string[] {
  return [...kinds.keys()];
}

/** A model from its spec; weights (and random graphs) are a function of `seed` only. */
export function createModel<S extends ModelSpec>(spec: S, seed: number, restored?: RestoredStates): Model<S> {
  const def = kinds.get(spec.kind);
  if (def === undefined) {
    throw new Error(`createModel: unknown model kind '${spec.kind}' (registered: ${registeredKinds().join(', ')})`);
  }
  return def.create(spec, seed, restored) as Model<S>;
}
