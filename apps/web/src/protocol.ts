/** Messages between the page and its training worker (structured-cloned, so plain data only). */
import type { ConfigInput, TrainEvent } from '@dnw/pipeline';

export type ToWorker =
  /** Hold the run between chunks (the pipeline's `deps.pause`) until `resume`: needs no shared memory. */
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  | StartRun;

export type StartRun = {
  readonly type: 'start';
  readonly config: ConfigInput;
  /** Absolute URL of the directory holding the four MNIST IDX files to train on. */
  readonly dataUrl: string;
  /**
   * Controls shared with the page, as Int32s (see CONTROL): the pace, and a pause flag that wakes a
   * pace sleep at once. Null when the page is not cross-origin isolated (no SharedArrayBuffer): the
   * run then keeps no pace (pausing works by message all the same).
   */
  readonly control: SharedArrayBuffer | null;
};

export type FromWorker =
  | { readonly type: 'status'; readonly text: string }
  /** Training events in order, several per message so a fast run does not flood the page. */
  | { readonly type: 'events'; readonly events: readonly TrainEvent[] };

/** Slots of the shared control array. */
export const CONTROL = {
  /** 1 while paused: the worker's pace sleep waits on it, so a Pause wakes it at once. */
  paused: 0,
  /** Optimiser steps per second at most; 0 for as fast as the machine goes. */
  pace: 1,
  length: 2,
} as const;
