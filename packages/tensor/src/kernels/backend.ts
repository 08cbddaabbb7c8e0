// The one switch between backends. jsKernels is active until told otherwise, so everything works
// synchronously without initialisation.
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { backendError, type BackendError } from './errors.js';
import { jsKernels } from './js.js';
import type { Kernels } from './kernels.js';
import { createWasmKernels, type WasmKernelsOptions } from './wasm.js';

export type BackendName = 'wasm' | 'js' | 'auto';

let active: Kernels = jsKernels;
// What useBackend chose last: the kernels active outside any `withKernels` / `enterKernels`.
let chosen: Kernels = jsKernels;
// One shared WASM instance per process for useBackend: its memory holds every buffer `alloc` handed
// out, so switching back and forth must not replace it. Private instances come from createKernels.
let wasm: Promise<Either<BackendError, Kernels>> | undefined;

const sharedWasm = (): Promise<Either<BackendError, Kernels>> => {
  wasm ??= createWasmKernels().then((r) => {
    if (r._tag === 'Left') wasm = undefined; // let a later call retry
    return r;
  });
  return wasm;
};

/** The kernels `name` stands for, the WASM ones from `makeWasm`; 'auto' falls back to JS. */
async function kernelsFor(name: BackendName, makeWasm: () => Promise<Either<BackendError, Kernels>>): Promise<Either<BackendError, Kernels>> {
  if (name === 'js') return right(jsKernels);
  if (name !== 'wasm' && name !== 'auto') {
    return left(backendError(String(name), 'unknown-backend', `unknown backend ${JSON.stringify(name)}: use 'wasm', 'js' or 'auto'`));
  }
  const r = await makeWasm();
  return r._tag === 'Left' && name === 'auto' ? right(jsKernels) : r;
}

/**
 * Makes `name` the active backend and returns it. 'auto' takes WASM when it starts and falls back to
 * JS otherwise (never Left). On Left the active backend is unchanged.
 */
export async function useBackend(name: BackendName): Promise<Either<BackendError, Kernels>> {
  const r = await kernelsFor(name, sharedWasm);
  if (r._tag === 'Right') active = chosen = r.right;
  return r;
}

/** The active kernels. */
export const kernels = (): Kernels => active;

/**
 * Kernels of their own, not made active: for WASM a new instance whose memory nothing else shares,
 * so everything allocated from it is returned to the system once the last view into it is garbage
 * (the shared instance of `useBackend` never hands memory back). 'js' and 'auto' without WASM give
 * the JS kernels, whose buffers are ordinary garbage-collected arrays. Activate them with
 * `withKernels` (synchronous work) or `enterKernels` / `leaveKernels` (work across awaits).
 */
export const createKernels = (name: BackendName, opts?: WasmKernelsOptions): Promise<Either<BackendError, Kernels>> =>
  kernelsFor(name, () => createWasmKernels(opts));

/** Runs `fn` with `k` active and restores the kernels active before, however fn ends. */
export function withKernels<T>(k: Kernels, fn: () => T): T {
  const before = active;
  active = k;
  try {
    return fn();
  } finally {
    active = before;
  }
}

/**
 * Makes `k` active until `leaveKernels(k)`: for a job that awaits between its parts (a training run).
 * Interleaved jobs in one thread should enter again after each await: a view from another instance
 * is still read correctly (copied into scratch), only slower.
 */
export function enterKernels(k: Kernels): void {
  active = k;
}

/** Ends `enterKernels(k)`: back to what `useBackend` chose, unless another job has entered since. */
export function leaveKernels(k: Kernels): void {
  if (active === k) active = chosen;
}
