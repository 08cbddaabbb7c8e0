/**
 * The training stream's vocabulary. Every event is plain JSON (numbers, strings, arrays, objects; no
 * typed arrays, no `undefined` values, no functions), so the same value goes unchanged through
 * `JSON.stringify` for NDJSON on a CLI's stdout, through `postMessage` out of a worker, and into a web page.
 * `v` is the schema version: a consumer that sees another `v` should stop rather than guess.
 */
import type { Config } from './config.js';

export const EVENT_VERSION = 1 as const;

/** One edge as `[from, to, weight]`; `from` and `to` are the graph's node indices. */
export type EdgeTriple = readonly [from: number, to: number, weight: number];

/** What the model is, as the `start` event reports it. */
export interface ModelSummary {
  /** The graph's model kind (`static`, `mlp`, `discrete`, `continuous`, ...). */
  readonly kind: string;
  readonly strategy: string;
  /** Nodes of the graph (inputs, hidden and outputs). */
  readonly nodes: number;
  /** Node counts of the blocks in order (inputs first, outputs last). */
  readonly blocks: readonly number[];
  /** Edges the graph may use (from an earlier block to a later one, or all pairs in a dynamic graph). */
  readonly allowedEdges: number;
  /** The edge budget k: edges live in each forward pass. */
  readonly budget: number;
  /** Trainable numbers (every candidate edge weight counts: DNW keeps them all). */
  readonly params: number;
  /** The kernel backend actually in use. */
  readonly backend: 'wasm' | 'js';
}

export interface StartEvent {
  readonly v: 1;
  readonly type: 'start';
  readonly config: Config;
  readonly model: ModelSummary;
  /** Steps in the whole run, epochs times steps per epoch (or `config.steps`). */
  readonly totalSteps: number;
  readonly stepsPerEpoch: number;
  /** Set when the run continues from a checkpoint. */
  readonly resumedFrom: { readonly step: number; readonly path: string } | null;
  /**
   * Set when the budget asked for more edges than the graph allows (an edge count k above
   * `model.allowedEdges`): the graph then uses every allowed edge, `used` (= `model.budget`).
   * Apps should say so rather than show a different k without comment.
   */
  readonly budgetClamped: { readonly requested: number; readonly used: number } | null;
}

/** One optimiser step (emitted every `logEvery` steps; `loss` is the mean over those steps). */
export interface StepEvent {
  readonly v: 1;
  readonly type: 'step';
  /** 1-based count of steps done. */
  readonly step: number;
  /** 0-based epoch the step belongs to. */
  readonly epoch: number;
  readonly loss: number;
  readonly lr: number;
  readonly examplesPerSec: number;
}

/**
 * How the chosen edges changed since the previous `rewire` event. The first `rewire` of a run
 * (step 0, or the resume step) lists the whole wiring as `added`, so composing the events from the
 * start always gives the current wiring. Weights in `added` and `removed` are the values at this step;
 * an edge that stays is not listed, so `weights` carries the current weight of every chosen edge.
 */
export interface RewireEvent {
  readonly v: 1;
  readonly type: 'rewire';
  readonly step: number;
  readonly added: readonly EdgeTriple[];
  readonly removed: readonly EdgeTriple[];
  /** Edges chosen now. */
  readonly edges: number;
  /** Nodes on some path from an input to an output through chosen edges. */
  readonly liveNodes: number;
  /**
   * The weights of all chosen edges at this step (after the change), ordered by (to, from), as
   * base64 of little-endian float32 (`base64ToFloats` reads it): exact and a third the size of
   * decimal JSON. Every rewire `train` emits has it; streams of older versions may not.
   */
  readonly weights?: string;
}

export interface EvalEvent {
  readonly v: 1;
  readonly type: 'eval';
  readonly step: number;
  readonly epoch: number;
  readonly split: 'validation' | 'test';
  readonly loss: number;
  readonly accuracy: number;
}

/** The end of an epoch: the mean training loss over it. */
export interface EpochEvent {
  readonly v: 1;
  readonly type: 'epoch';
  /** 0-based index of the epoch that ended. */
  readonly epoch: number;
  readonly step: number;
  readonly loss: number;
  readonly seconds: number;
}

export interface CheckpointEvent {
  readonly v: 1;
  readonly type: 'checkpoint';
  readonly step: number;
  readonly path: string;
}

export interface DoneEvent {
  readonly v: 1;
  readonly type: 'done';
  readonly step: number;
  readonly epoch: number;
  readonly test: { readonly loss: number; readonly accuracy: number };
  readonly validation: { readonly loss: number; readonly accuracy: number } | null;
  /** Edges chosen at the end. */
  readonly edges: number;
  readonly liveNodes: number;
  /** Multiply-adds times two for one example's forward pass through the chosen edges. */
  readonly flops: number;
  /** Wall time of training and evaluation (not of loading data). */
  readonly seconds: number;
  readonly paths: { readonly checkpoint: string | null; readonly model: string | null };
}

export type TrainErrorKind = 'non-finite-loss' | 'data' | 'config' | 'io' | 'internal';

/** The last value of a failed run; the stream completes right after it. */
export interface ErrorEvent {
  readonly v: 1;
  readonly type: 'error';
  readonly kind: TrainErrorKind;
  readonly message: string;
  readonly step: number | null;
}

export type TrainEvent =
  | StartEvent
  | StepEvent
  | RewireEvent
  | EvalEvent
  | EpochEvent
  | CheckpointEvent
  | DoneEvent
  | ErrorEvent;

export type TrainEventType = TrainEvent['type'];

/** Narrows a `TrainEvent` by its `type`, e.g. `events.pipe(filter(isEvent('eval')))`. */
export const isEvent =
  <K extends TrainEventType>(type: K) =>
  (e: TrainEvent): e is Extract<TrainEvent, { type: K }> =>
    e.type === type;

/** The thrown form of an `ErrorEvent`, for subscribers who want RxJS's error channel (see `throwOnError`). */
export class TrainError extends Error {
  readonly _tag = 'TrainError' as const;
  readonly kind: TrainErrorKind;
  readonly step: number | null;
  constructor(event: ErrorEvent) {
    super(event.message);
    this.name = 'TrainError';
    this.kind = event.kind;
    this.step = event.step;
  }
}

export const errorEvent = (kind: TrainErrorKind, message: string, step: number | null = null): ErrorEvent => ({
  v: EVENT_VERSION,
  type: 'error',
  kind,
  message,
  step,
});
