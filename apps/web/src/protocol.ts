/** Messages between the page and its training worker (structured-cloned, so plain data only). */
import type { ConfigInput, TrainEvent } from '@dnw/pipeline';

export type ToWorker = {
  readonly type: 'start';
  readonly config: ConfigInput;
  /** Absolute URL of the directory holding the four MNIST IDX files to train on. */
  readonly dataUrl: string;
  /**
   * One Int32 flag, 1 = paused, shared with the page; null when the page is not cross-origin isolated
   * (no SharedArrayBuffer), in which case the run cannot pause.
   */
  readonly pause: SharedArrayBuffer | null;
};

export type FromWorker =
  | { readonly type: 'status'; readonly text: string }
  /** Training events in order, several per message so a fast run does not flood the page. */
  | { readonly type: 'events'; readonly events: readonly TrainEvent[] };
