/**
 * A training run in a Web Worker, seen from the page as an Observable of the pipeline's TrainEvents
 * (the same stream the CLI prints as NDJSON). Unsubscribing terminates the worker.
 */
import { Observable, share } from 'rxjs';
import { errorEvent, type ConfigInput, type TrainEvent } from '@dnw/pipeline';
import type { FromWorker, ToWorker } from './protocol.js';

export interface Run {
  readonly events: Observable<TrainEvent>;
  /** Progress messages from before the first event (fetching data, compiling kernels). */
  readonly status: Observable<string>;
  /** False when the page is not cross-origin isolated: pausing needs SharedArrayBuffer. */
  readonly canPause: boolean;
  pause(): void;
  resume(): void;
}

export const startRun = (config: ConfigInput, dataUrl: string): Run => {
  const pauseBuffer = globalThis.crossOriginIsolated ? new SharedArrayBuffer(4) : null;
  const flag = pauseBuffer === null ? null : new Int32Array(pauseBuffer);
  const messages = new Observable<FromWorker>((subscriber) => {
    const worker = new Worker(new URL('./train-worker.ts', import.meta.url), { type: 'module', name: 'dnw-training' });
    worker.onmessage = (e: MessageEvent<FromWorker>) => subscriber.next(e.data);
    // A worker that fails to load, or throws outside the pipeline, still ends the run with an error event.
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      subscriber.next({ type: 'events', events: [errorEvent('internal', `training worker failed: ${e.message || 'its script did not load'}`)] });
    };
    const start: ToWorker = { type: 'start', config, dataUrl, pause: pauseBuffer };
    worker.postMessage(start);
    return () => {
      // A paused worker is asleep in Atomics.wait; terminate() ends it all the same.
      worker.terminate();
    };
  }).pipe(share());
  const events = new Observable<TrainEvent>((subscriber) =>
    messages.subscribe((m) => {
      if (m.type !== 'events') return;
      for (const e of m.events) {
        subscriber.next(e);
        if (e.type === 'done' || e.type === 'error') {
          subscriber.complete();
          return;
        }
      }
    }),
  ).pipe(share());
  const status = new Observable<string>((subscriber) =>
    messages.subscribe((m) => {
      if (m.type === 'status') subscriber.next(m.text);
    }),
  );
  const setPaused = (p: boolean) => {
    if (flag === null) return;
    Atomics.store(flag, 0, p ? 1 : 0);
    if (!p) Atomics.notify(flag, 0);
  };
  return { events, status, canPause: flag !== null, pause: () => setPaused(true), resume: () => setPaused(false) };
};
