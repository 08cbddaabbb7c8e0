/**
 * The training worker: fetches the MNIST files the build prepared, runs @dnw/pipeline's `train` on
 * them and posts its events to the page in batches (at most one message per ~30 ms).
 *
 * Pausing and pace: `train` emits events synchronously from inside its step loop, so blocking in the
 * event handler holds the loop where it is. The page raises a flag in shared memory and this worker
 * sleeps on it with Atomics.wait (allowed in workers), then continues from the same step on resume.
 * A pace (steps per second) sleeps the same way whenever training runs ahead of it, so a fast machine
 * still shows the wiring change at a speed one can follow.
 */
import { train, errorEvent, type TrainEvent } from '@dnw/pipeline';
import { MNIST_FILES, type MnistBytes } from '@dnw/data';
import { CONTROL, type FromWorker, type ToWorker } from './protocol.js';

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

const start = async (msg: ToWorker) => {
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
  // The pace is kept from a reference point, reset when the pace changes or after a pause, so neither
  // makes the run race to catch up.
  let ref: { step: number; time: number; pace: number } | null = null;
  train(msg.config, { mnist }).subscribe({
    next: (e) => {
      queue(e);
      if (control === null) return;
      if (Atomics.load(control, CONTROL.paused) === 1) {
        flush();
        while (Atomics.load(control, CONTROL.paused) === 1) Atomics.wait(control, CONTROL.paused, 1);
        ref = null;
      }
      if (e.type !== 'step') return;
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
  if (e.data.type !== 'start' || started) return;
  started = true;
  void start(e.data);
};
