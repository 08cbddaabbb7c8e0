/**
 * `train` off the main thread, as the same Observable: a Web Worker in browsers, `web-worker`'s
 * Worker over worker_threads in Node (one code path: the package resolves to the native Worker in
 * browser builds).
 */
import Worker from 'web-worker';
import { Observable, distinctUntilChanged, type Subscription } from 'rxjs';
import { errorEvent, type TrainEvent } from './events.js';
import type { FromWorker, MnistBuffers, ToWorker } from './worker-protocol.js';

export interface WorkerOptions {
  /** MNIST's files for a worker that cannot read them itself (browsers). Transferred: the caller's buffers become empty. */
  readonly mnist?: MnistBuffers;
  /** The worker script; defaults to the built `worker-entry.js` next to this module. */
  readonly workerUrl?: URL | string;
  /**
   * Milliseconds to wait for the worker's script to load (its `ready` message). Node's worker shim
   * only logs a script that fails to load, so silence is the one sign. Default 30000.
   */
  readonly startTimeout?: number;
  /**
   * While this emits true the worker's run holds between chunks, until it emits false (posted as
   * `pause` / `resume` messages; no SharedArrayBuffer or cross-origin isolation needed).
   */
  readonly pause?: Observable<boolean>;
  /**
   * After an unsubscribe, milliseconds to let the worker finish its file write in flight (it says
   * `settled`) before it is terminated. Default 10000.
   */
  readonly stopTimeout?: number;
  /** Called once the worker has been terminated: after the run's end, or after an unsubscribe and its settling. */
  readonly onTerminated?: () => void;
}

interface WorkerLike {
  onmessage: ((e: { data: unknown }) => void) | null;
  onerror: ((e: { message?: string }) => void) | null;
  postMessage(message: ToWorker, transfer?: Transferable[]): void;
  terminate(): void;
}

const isTerminal = (e: TrainEvent): boolean => e.type === 'done' || e.type === 'error';

/**
 * Runs `train(config)` in a new worker and mirrors its events. Cold: each subscription starts its own
 * worker. Unsubscribing posts `stop` (the worker unsubscribes from `train`) and then terminates it.
 * A worker that fails to start or crashes ends the stream with an `error` event of kind 'internal'.
 */
export const trainInWorker = (config: unknown, opts: WorkerOptions = {}): Observable<TrainEvent> =>
  new Observable<TrainEvent>((subscriber) => {
    const url = opts.workerUrl ?? new URL('./worker-entry.js', import.meta.url);
    let worker: WorkerLike;
    try {
      worker = new Worker(url, { type: 'module' }) as unknown as WorkerLike;
    } catch (err) {
      subscriber.next(errorEvent('internal', `could not start the training worker: ${err instanceof Error ? err.message : String(err)}`));
      subscriber.complete();
      return;
    }
    let ended = false;
    const timeout = opts.startTimeout ?? 30_000;
    let loading: ReturnType<typeof setTimeout> | null = setTimeout(
      () => end(errorEvent('internal', `the training worker did not start within ${timeout} ms (${String(url)})`)),
      timeout,
    );
    const loaded = (): void => {
      if (loading !== null) clearTimeout(loading);
      loading = null;
    };
    const end = (last: TrainEvent | null): void => {
      loaded();
      if (ended) return;
      ended = true;
      if (last) subscriber.next(last);
      subscriber.complete();
    };
    worker.onmessage = ({ data }) => {
      const msg = data as FromWorker;
      if (msg.type === 'ready') loaded();
      else if (msg.type === 'event') {
        if (isTerminal(msg.event)) end(msg.event);
        else subscriber.next(msg.event);
      } else if (msg.type === 'error') {
        end(errorEvent('internal', `training worker: ${msg.message}`));
      }
    };
    worker.onerror = (e) => end(errorEvent('internal', `training worker crashed: ${e.message ?? 'unknown error'}`));
    const mnist = opts.mnist ?? null;
    const transfer = mnist ? [mnist.trainImages, mnist.trainLabels, mnist.testImages, mnist.testLabels] : [];
    worker.postMessage({ type: 'start', config, mnist }, transfer);
    const pausing: Subscription | undefined = opts.pause
      ?.pipe(distinctUntilChanged())
      .subscribe((p) => {
        if (!ended) worker.postMessage({ type: p ? 'pause' : 'resume' });
      });
    let terminated = false;
    const terminate = (): void => {
      if (terminated) return;
      terminated = true;
      worker.terminate();
      opts.onTerminated?.();
    };
    return () => {
      pausing?.unsubscribe();
      loaded();
      if (ended) return terminate();
      // Stopped early: let the run finish the write it may be in (a checkpoint's tmp file and rename).
      worker.postMessage({ type: 'stop' });
      const timer = setTimeout(terminate, opts.stopTimeout ?? 10_000);
      worker.onmessage = ({ data }) => {
        if ((data as FromWorker).type !== 'settled') return;
        clearTimeout(timer);
        terminate();
      };
      worker.onerror = () => {
        clearTimeout(timer);
        terminate();
      };
    };
  });
