/**
 * A second thread that runs kernels of the shared-memory build on the same linear memory, so the
 * caller can split a product by output rows: post the helper's half, run its own, then wait. Node
 * only (worker_threads; the calling thread blocks in Atomics.wait, which a browser's main thread may
 * not do, and shared memory there needs cross-origin isolation).
 *
 * The control block lives in the shared memory: seq (bumped per job), done (the last seq finished),
 * the op, a status and up to 12 arguments as float64 (every i32 address and f32 value is exact there).
 */
import { KernelThreadError } from './errors.js';
import type { LinearMemory } from './wasm-memory.js';

/** Exports the helper may run, by index in the control block. */
export const HELPER_OPS = ['spmm', 'weightGradCsr', 'transposeWithSums'] as const;
export type HelperOp = (typeof HELPER_OPS)[number];

const SEQ = 0;
const DONE = 1;
const OP = 2;
const STATUS = 3;
const ARGS_OFFSET = 64; // bytes into the block
const MAX_ARGS = 12;
const BLOCK_BYTES = ARGS_OFFSET + MAX_ARGS * 8;
const EXIT = -1;
// The caller polls `done` this many times before sleeping: the helper's half takes about as long as
// its own, and a futex wake-up costs tens of microseconds.
const SPINS = 20000;
// A helper that has not answered in this long is gone (a job takes milliseconds at most).
const STUCK_MS = 30000;

// Plain JS run by the worker (eval'd, so the same code serves src/ under tests and dist/ when built).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { module, memory, block, names } = workerData;
const ex = new WebAssembly.Instance(module, { env: { memory } }).exports;
const fns = names.map((n) => ex[n]);
const i32 = new Int32Array(memory.buffer, block, 4);
const a = new Float64Array(memory.buffer, block + ${ARGS_OFFSET}, ${MAX_ARGS});
let seen = Atomics.load(i32, ${SEQ});
parentPort.postMessage('ready');
for (;;) {
  Atomics.wait(i32, ${SEQ}, seen);
  const seq = Atomics.load(i32, ${SEQ});
  if (seq === seen) continue;
  seen = seq;
  const op = Atomics.load(i32, ${OP});
  if (op === ${EXIT}) break;
  try {
    fns[op](a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11]);
    Atomics.store(i32, ${STATUS}, 0);
  } catch (e) {
    Atomics.store(i32, ${STATUS}, 1);
  }
  Atomics.store(i32, ${DONE}, seq);
  Atomics.notify(i32, ${DONE});
}
`;

export interface KernelHelper {
  /** Starts op(args) on the helper thread; returns at once. One job at a time. */
  post(op: HelperOp, ...args: number[]): void;
  /** Blocks until the posted job has finished; throws if it failed. */
  wait(): void;
  /** False once closed (or stuck): callers then run the whole job themselves. */
  readonly open: boolean;
  /** Stops the thread (idempotent); posting afterwards throws. */
  close(): void;
}

interface WorkerLike {
  once(event: 'message' | 'error' | 'exit', listener: (value: unknown) => void): void;
  off(event: 'message' | 'error' | 'exit', listener: (value: unknown) => void): void;
  unref(): void;
  terminate(): Promise<number>;
}

/** Starts the helper on `memory` (shared) with its own instance of `module` (the shared build). */
export async function startKernelHelper(module: WebAssembly.Module, memory: WebAssembly.Memory, mem: LinearMemory): Promise<KernelHelper> {
  const { Worker } = await import('node:worker_threads');
  const block = mem.alloc(BLOCK_BYTES, 'the helper thread control block');
  const i32 = new Int32Array(mem.buffer, block, 4);
  const args = new Float64Array(mem.buffer, block + ARGS_OFFSET, MAX_ARGS);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { module, memory, block, names: HELPER_OPS },
  }) as unknown as WorkerLike;
  await new Promise<void>((resolve, reject) => {
    const onMessage = (): void => {
      worker.off('error', onError);
      worker.off('exit', onExit);
      resolve();
    };
    const onError = (e: unknown): void => {
      worker.off('message', onMessage);
      worker.off('exit', onExit);
      reject(e instanceof Error ? e : new Error(String(e)));
    };
    const onExit = (code: unknown): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      reject(new Error(`the kernel helper thread exited with code ${String(code)} before it started`));
    };
    worker.once('message', onMessage);
    worker.once('error', onError);
    worker.once('exit', onExit);
  });
  // The thread sleeps in Atomics.wait between jobs: it must not keep the process alive.
  worker.unref();
  let seq = Atomics.load(i32, SEQ);
  let open = true;
  let pending = false;

  const wait = (): void => {
    if (!pending) return;
    pending = false;
    for (let i = 0; i < SPINS; i++) if (Atomics.load(i32, DONE) === seq) return check();
    const t0 = performance.now();
    for (;;) {
      const done = Atomics.load(i32, DONE);
      if (done === seq) return check();
      Atomics.wait(i32, DONE, done, 100);
      if (performance.now() - t0 > STUCK_MS) {
        open = false;
        void worker.terminate();
        throw new KernelThreadError(`wasm kernels: the helper thread did not finish a job in ${STUCK_MS / 1000} s`);
      }
    }
  };
  const check = (): void => {
    if (Atomics.load(i32, STATUS) !== 0) throw new KernelThreadError('wasm kernels: a kernel failed on the helper thread');
  };
  const signal = (op: number): void => {
    Atomics.store(i32, OP, op);
    seq = (seq + 1) | 0;
    Atomics.store(i32, SEQ, seq);
    Atomics.notify(i32, SEQ);
  };

  return {
    get open() {
      return open;
    },
    post(op, ...values) {
      if (!open) throw new KernelThreadError('wasm kernels: the helper thread was closed');
      if (pending) throw new KernelThreadError('wasm kernels: the helper thread is still busy');
      for (let i = 0; i < values.length; i++) args[i] = values[i]!;
      pending = true;
      signal(HELPER_OPS.indexOf(op));
    },
    wait,
    close() {
      if (!open) return;
      wait();
      open = false;
      signal(EXIT);
    },
  };
}
