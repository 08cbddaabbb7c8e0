/**
 * Giving the event loop a turn between chunks of training steps, so unsubscribing, UI events and
 * worker messages get through. `setImmediate` (Node) runs after pending I/O without timer clamping;
 * browsers get a MessageChannel post (setTimeout(0) is clamped to 4 ms after nesting).
 */
export interface Yielder {
  /** Resolves on the next turn of the event loop, or at once with false after `cancel()`. */
  next(): Promise<boolean>;
  /** Drops the pending turn (no timer or port is left behind) and resolves it with false. */
  cancel(): void;
}

type Pending = { resolve: (go: boolean) => void; clear: () => void } | null;

const schedule = (run: () => void): (() => void) => {
  if (typeof setImmediate === 'function') {
    const h = setImmediate(run);
    return () => clearImmediate(h);
  }
  if (typeof MessageChannel === 'function') {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      run();
    };
    channel.port2.postMessage(null);
    return () => channel.port1.close();
  }
  const h = setTimeout(run, 0);
  return () => clearTimeout(h);
};

export const yielder = (): Yielder => {
  let pending: Pending = null;
  let cancelled = false;
  return {
    next: () =>
      new Promise<boolean>((resolve) => {
        if (cancelled) {
          resolve(false);
          return;
        }
        const clear = schedule(() => {
          pending = null;
          resolve(!cancelled);
        });
        pending = { resolve, clear };
      }),
    cancel: () => {
      cancelled = true;
      if (pending) {
        pending.clear();
        pending.resolve(false);
        pending = null;
      }
    },
  };
};
