/**
 * Holds a run between chunks while a caller's `pause` stream says true, without SharedArrayBuffer
 * or a blocked thread: the run awaits a promise that the next `false` resolves. Time spent paused is
 * counted so the run's clock can leave it out (epoch seconds and throughput stay honest).
 */
import type { Observable } from 'rxjs';

export interface PauseGate {
  /** Resolves at once when not paused, else when resumed: true to go on, false once closed. */
  wait(): Promise<boolean>;
  /** Milliseconds spent paused so far (the current pause included). */
  pausedMs(): number;
  /** Stops listening; a pending `wait` resolves false. */
  close(): void;
}

export const pauseGate = (pause: Observable<boolean> | undefined, now: () => number): PauseGate => {
  let paused = false;
  let closed = false;
  let since = 0;
  let total = 0;
  let resume: ((go: boolean) => void) | null = null;
  const release = (go: boolean): void => {
    const r = resume;
    resume = null;
    r?.(go);
  };
  const set = (p: boolean): void => {
    if (p === paused || closed) return;
    paused = p;
    if (p) since = now();
    else {
      total += now() - since;
      release(true);
    }
  };
  // A pause stream that ends or fails can never resume the run, so either lifts the pause.
  const subscription = pause?.subscribe({ next: set, complete: () => set(false), error: () => set(false) });
  return {
    wait: () => (closed ? Promise.resolve(false) : paused ? new Promise<boolean>((r) => (resume = r)) : Promise.resolve(true)),
    pausedMs: () => total + (paused ? now() - since : 0),
    close: () => {
      if (closed) return;
      closed = true;
      subscription?.unsubscribe();
      release(false);
    },
  };
};
