import type { Rng, Tensor } from '@dnw/tensor';

/**
 * The seam between a model and the way its wiring is learned (the reference's `get_weight()`).
 * A model only ever asks an `EdgeSet` for "the edges to use now" (`chooseEdges`) and multiplies
 * through them (`edgeProduct`); whether that is DNW's top-k, a fixed random graph or targeted
 * dropout is the strategy's business alone.
 */

/** Every way of choosing the wiring this project implements (paper section 3 and its baselines). */
export type StrategyName =
  | 'dnw'
  | 'dnw-no-update'
  | 'random'
  | 'complete'
  | 'fine-tune'
  | 'lottery'
  | 'fixed'
  | 'targeted-dropout'
  | 'targeted-dropout-node';

/** The JSON form of a strategy (part of a model spec). */
export type StrategySpec =
  /** 'fixed': a given frozen mask (a compacted model, a wiring loaded from elsewhere). */
  | { readonly name: 'dnw' | 'dnw-no-update' | 'random' | 'complete' | 'fine-tune' | 'lottery' | 'fixed' }
  | {
      readonly name: 'targeted-dropout' | 'targeted-dropout-node';
      /** Probability that a candidate edge (outside the top-k) is dropped at a training step. */
      readonly dropRate: number;
    };

/**
 * Which weights of the edge set receive a gradient:
 * - 'allowed': every allowed edge, chosen or not, gets <Z_u, dL/dI_v> (DNW's straight-through rule);
 * - 'chosen': only the edges used in the forward pass (ordinary backprop through a masked weight);
 * - 'none': no weight gets a gradient (a frozen edge set).
 * Gradients to the upstream states always flow through the chosen edges only.
 */
export type GradMask = 'allowed' | 'chosen' | 'none';

export interface ChooseContext {
  /** Training (dropout draws) or evaluation (deterministic choice). */
  readonly training: boolean;
  /** Randomness for choices made per step (targeted dropout). */
  readonly rng: Rng;
}

/** What a strategy must carry through a checkpoint besides the weights. */
export interface StrategyState {
  /** A mask fixed once (random graph, fine-tune, lottery, a compacted model): 1 = edge in the graph. */
  readonly mask?: Uint8Array;
  /** Lottery: the initial weights the edge set was rewound to (flat, in edge-set order). */
  readonly rewind?: Float32Array;
}

export interface EdgeStrategy {
  readonly name: StrategyName;
  readonly gradMask: GradMask;
  /**
   * Write the chosen-edge mask into `out` (same length as `w`; 1 = the edge is used in this
   * forward pass). `w` is the edge set's flat weight vector, `allowed` its allowed positions
   * (null: all). Never chooses a disallowed position. Allocates nothing.
   */
  choose(w: Float32Array, allowed: Uint8Array | null, k: number, ctx: ChooseContext, out: Uint8Array): void;
  /** The state a checkpoint needs to rebuild this strategy exactly (empty for stateless ones). */
  state(): StrategyState;
}

/**
 * One weight matrix of an edge set, shaped [to, from]: row r holds the in-edges of node
 * `toStart + r` from nodes `fromStart .. fromStart + cols - 1` (global node ids of the model).
 */
export interface EdgePart {
  /** Where the weight lives in the params tree, e.g. 'blocks[2].w' (errors, JSON, wiring). */
  readonly path: string;
  readonly rows: number;
  readonly cols: number;
  /** Offset of this part in the edge set's flat edge vector (row-major within the part). */
  readonly offset: number;
  readonly toStart: number;
  readonly fromStart: number;
  /**
   * True when the part competes for the budget but is never multiplied (the reference layout's
   * backward edges of a static graph): its chosen edges take budget and carry nothing.
   */
  readonly inert?: boolean;
  /** This part's weight tensor in a params tree of the owning model. */
  weight(params: unknown): Tensor;
}

/**
 * One budgeted group of edges: the top-k (or any other strategy) runs over all its parts at once,
 * so a static graph with one weight matrix per source block still has one budget k per graph.
 */
export interface EdgeSet {
  /** A name for errors and wiring reports, e.g. 'graph' or 'layers[1]'. */
  readonly name: string;
  readonly parts: readonly EdgePart[];
  /** Number of weight positions (sum of the parts' rows x cols). */
  readonly size: number;
  /** Positions that may carry an edge (null: all); flat, in edge-set order. */
  readonly allowed: Uint8Array | null;
  readonly allowedCount: number;
  /** The budget: number of edges in the graph at a step (min(k, allowedCount) are chosen). */
  readonly k: number;
  readonly strategy: EdgeStrategy;
  /** The current choice (flat); refreshed by `chooseEdges`, reused across steps. */
  readonly chosen: Uint8Array;
  /** Scratch: the flat weights gathered from the parts (reused; empty for a single part, read in place). */
  readonly flat: Float32Array;
}
