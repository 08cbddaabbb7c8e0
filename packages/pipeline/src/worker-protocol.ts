/**
 * The messages between `trainInWorker` and the worker running `train`. Everything is structured-
 * cloneable; MNIST's bytes travel as transferred ArrayBuffers (moved, not copied).
 */
import type { TrainEvent } from './events.js';

/** MNIST's four IDX files as the browser fetched them (see `MNIST_FILES` in @dnw/data). */
export interface MnistBuffers {
  readonly trainImages: ArrayBuffer;
  readonly trainLabels: ArrayBuffer;
  readonly testImages: ArrayBuffer;
  readonly testLabels: ArrayBuffer;
}

export type ToWorker =
  /** `config` is decoded inside the worker, so a bad config comes back as an error event. */
  | { readonly type: 'start'; readonly config: unknown; readonly mnist: MnistBuffers | null }
  | { readonly type: 'stop' }
  /** Hold the run between chunks (`train`'s `deps.pause`) until `resume`. */
  | { readonly type: 'pause' }
  | { readonly type: 'resume' };

export type FromWorker =
  /** Posted once the worker's script has loaded: a worker that never says so failed to load. */
  | { readonly type: 'ready' }
  | { readonly type: 'event'; readonly event: TrainEvent }
  /** The worker failed outside `train` (it could not load, or a message was malformed). */
  | { readonly type: 'error'; readonly message: string }
  /** The run has fully ended (after `stop`: once its file write in flight finished); safe to terminate. */
  | { readonly type: 'settled' };
