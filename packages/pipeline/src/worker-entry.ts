/**
 * The training worker's script (side-effectful on purpose: it installs the message handler). It runs
 * `train` on the first `start` message and posts every event back; `stop` unsubscribes; `pause` and
 * `resume` hold and release it between chunks.
 */
import { BehaviorSubject, type Subscription } from 'rxjs';
import type { ConfigInput } from './config.js';
import { train } from './train.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

interface WorkerScope {
  addEventListener(type: 'message', fn: (e: { data: unknown }) => void): void;
  postMessage(message: FromWorker): void;
}

const scope = globalThis as unknown as WorkerScope;
let running: Subscription | null = null;
// Pause messages may come before `start` (a caller that starts paused): the gate keeps the last word.
const paused = new BehaviorSubject(false);

scope.addEventListener('message', ({ data }) => {
  const msg = data as ToWorker;
  if (msg.type === 'stop') {
    // With a run, `settled` follows once it has finished its write in flight; without one, now.
    if (running === null) scope.postMessage({ type: 'settled' });
    running?.unsubscribe();
    running = null;
    return;
  }
  if (msg.type === 'pause' || msg.type === 'resume') {
    paused.next(msg.type === 'pause');
    return;
  }
  if (msg.type !== 'start' || running) {
    scope.postMessage({ type: 'error', message: `unexpected message ${JSON.stringify((data as { type?: unknown })?.type)}` });
    return;
  }
  const mnist = msg.mnist
    ? {
        trainImages: new Uint8Array(msg.mnist.trainImages),
        trainLabels: new Uint8Array(msg.mnist.trainLabels),
        testImages: new Uint8Array(msg.mnist.testImages),
        testLabels: new Uint8Array(msg.mnist.testLabels),
      }
    : undefined;
  // train decodes the config itself: a bad one comes back as an error event naming the field.
  const settled = (): void => scope.postMessage({ type: 'settled' });
  running = train(msg.config as ConfigInput, { mnist, pause: paused, onSettled: settled }).subscribe({
    next: (event) => scope.postMessage({ type: 'event', event }),
    error: (err: unknown) => scope.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
  });
});

scope.postMessage({ type: 'ready' });
