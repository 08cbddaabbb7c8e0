/**
 * A training run in a Web Worker, seen from the page as an Observable of the pipeline's TrainEvents
 * (the same stream the CLI prints as NDJSON). Unsubscribing terminates the worker.
 */
import { Observable, share } from 'rxjs';
import { errorEvent, type ConfigInput, type TrainEvent } from '@dnw/pipeline';
import { CONTROL, type FromWorker, type ToWorker } from './protocol.js';

export interface Run {
  readonly events: Observable<TrainEvent>;
  /** Progress messages from before the first event (fetching data, compiling kernels). */
  readonly status: Observable<string>;
  /** False when the page is not cross-origin isolated: a pace needs SharedArrayBuffer (pausing does not). */
  readonly canPace: boolean;
  pause(): void;
  resume(): void;
  /** Optimiser steps per second at most (0: no limit); takes effect at the worker's next step event. */
  setPace(stepsPerSecond: number): void;
}

export const startRun = (config: ConfigInput, dataUrl: string, pace: number): Run => {
  const controlBuffer = globalThis.crossOriginIsolated ? new SharedArrayBuffer(4 * CONTROL.length) : null;
  const control = controlBuffer === null ? null : new Int32Array(controlBuffer);
  if (control !== null) Atomics.store(control, CONTROL.pace, Math.max(0, Math.round(pace)));
  let worker: Worker | null = null;
  const messages = new Observable<FromWorker>((subscriber) => {
    worker = new Worker(new URL('./train-worker.ts', import.meta.url), { type: 'module', name: 'dnw-training' });
    worker.onmessage = (e: MessageEvent<FromWorker>) => subscriber.next(e.data);
    // A worker that fails to load, or throws outside the pipeline, still ends the run with an error event.
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      subscriber.next({ type: 'events', events: [errorEvent('internal', `training worker failed: ${e.message || 'its script did not load'}`)] });
    };
    const start: ToWorker = { type: 'start', config, dataUrl, control: controlBuffer };
    worker.postMessage(start);
    const w = worker;
    return () => {
      // A worker asleep in a pace wait ends all the same.
      w.terminate();
      worker = null;
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
    const message: ToWorker = { type: p ? 'pause' : 'resume' };
    worker?.postMessage(message);
    if (control === null) return;
    Atomics.store(control, CONTROL.paused, p ? 1 : 0);
    // Wakes the worker from a pace sleep, so it reads the pause message at once.
    Atomics.notify(control, CONTROL.paused);
  };
  const setPace = (stepsPerSecond: number) => {
    if (control !== null) Atomics.store(control, CONTROL.pace, Math.max(0, Math.round(stepsPerSecond)));
  };
  return { events, status, canPace: control !== null, pause: () => setPaused(true), resume: () => setPaused(false), setPace };
};
