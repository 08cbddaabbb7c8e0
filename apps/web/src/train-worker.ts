/**
 * The training worker: fetches the MNIST files the build prepared, runs @dnw/pipeline's `train` on
 * them and posts its events to the page in batches (at most one message per ~30 ms).
 *
 * Pausing: the page posts `pause` and `resume`, which feed the pipeline's `deps.pause`; the run holds
 * between chunks (tens of ms) and continues from the same step. No shared memory is needed.
 * Pace: `train` emits events synchronously from inside its step loop, so sleeping in the event handler
 * holds the loop. Whenever training runs ahead of the pace (steps per second) this worker sleeps with
 * Atomics.wait on shared memory (cross-origin isolated pages only), so a fast machine still shows the
 * wiring change at a speed one can follow. A Pause wakes that sleep through the shared pause flag.
 */
import { BehaviorSubject } from 'rxjs';
import { train, errorEvent, type TrainEvent } from '@dnw/pipeline';
import { MNIST_FILES, type MnistBytes } from '@dnw/data';
import { CONTROL, type FromWorker, type StartRun, type ToWorker } from './protocol.js';

const post = (m: FromWorker) => (self as unknown as Worker).postMessage(m);

const FLUSH_MS = 30;
let buffer: TrainEvent[] = [];
let lastFlush = 0;
const flush = () => {
  if (buffer.length === 0) return;
  post({ type: 'events', events: buffer });
  buffer = [];
  lastFlush = performance.now();
};
// Events that arrive during a long quiet spell still leave within FLUSH_MS.
let timer: ReturnType<typeof setTimeout> | null = null;
const queue = (e: TrainEvent) => {
  buffer.push(e);
  if (e.type === 'start' || e.type === 'done' || e.type === 'error' || performance.now() - lastFlush >= FLUSH_MS) flush();
  else timer ??= setTimeout(() => ((timer = null), flush()), FLUSH_MS);
};

const fetchBytes = async (url: string): Promise<Uint8Array> => {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`fetching ${url} gave HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
};

const loadMnist = async (dataUrl: string): Promise<MnistBytes> => {
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all(
    [MNIST_FILES.trainImages, MNIST_FILES.trainLabels, MNIST_FILES.testImages, MNIST_FILES.testLabels].map((f) => fetchBytes(new URL(f, dataUrl).href)),
  );
  return { trainImages, trainLabels, testImages, testLabels };
};

const paused = new BehaviorSubject(false);
// The pace is kept from a reference point, reset when the pace changes or after a pause, so neither
// makes the run race to catch up.
let ref: { step: number; time: number; pace: number } | null = null;

const start = async (msg: StartRun) => {
  post({ type: 'status', text: 'Fetching MNIST…' });
  let mnist: MnistBytes;
  try {
    mnist = await loadMnist(msg.dataUrl);
  } catch (e) {
    queue(errorEvent('data', `MNIST: ${e instanceof Error ? e.message : String(e)} (the build writes these files: run \`npm run build\`)`));
    return;
  }
  post({ type: 'status', text: 'Compiling the WebAssembly kernels and building the model…' });
  const control = msg.control === null ? null : new Int32Array(msg.control);
  train(msg.config, { mnist, pause: paused }).subscribe({
    next: (e) => {
      queue(e);
      if (control === null || e.type !== 'step' || Atomics.load(control, CONTROL.paused) === 1) return;
      const pace = Atomics.load(control, CONTROL.pace);
      if (pace <= 0) {
        ref = null;
        return;
      }
      if (ref === null || ref.pace !== pace) {
        ref = { step: e.step, time: performance.now(), pace };
        return;
      }
      const ahead = ref.time + ((e.step - ref.step) * 1000) / pace - performance.now();
      if (ahead > 1) {
        flush();
        // Sleeps on the pause slot, so a Pause (or Resume) wakes it at once.
        Atomics.wait(control, CONTROL.paused, 0, ahead);
      }
    },
    complete: flush,
  });
};

let started = false;
self.onmessage = (e: MessageEvent<ToWorker>) => {
  const msg = e.data;
  if (msg.type === 'pause' || msg.type === 'resume') {
    if (msg.type === 'pause') flush();
    else ref = null;
    paused.next(msg.type === 'pause');
    return;
  }
  if (started) return;
  started = true;
  void start(msg);
};
