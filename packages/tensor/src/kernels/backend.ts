// The one switch between backends. jsKernels is active until told otherwise, so everything works
// synchronously without initialisation.
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { backendError, type BackendError } from './errors.js';
import { jsKernels } from './js.js';
import type { Kernels } from './kernels.js';
import { createWasmKernels } from './wasm.js';

export type BackendName = 'wasm' | 'js' | 'auto';

let active: Kernels = jsKernels;
// One WASM instance per process: its memory holds every buffer `alloc` handed out, so switching
// back and forth must not replace it.
// The same holds per thread count: two threads use their own (shared) memory.
const wasm = new Map<1 | 2, Promise<Either<BackendError, Kernels>>>();

const sharedWasm = (threads: 1 | 2): Promise<Either<BackendError, Kernels>> => {
  let pending = wasm.get(threads);
  if (pending === undefined) {
    pending = createWasmKernels({ threads }).then((r) => {
      if (r._tag === 'Left') wasm.delete(threads); // let a later call retry
      return r;
    });
    wasm.set(threads, pending);
  }
  return pending;
};

export interface BackendOptions {
  /** WASM only: 2 runs the large sparse products on two threads (Node; see createWasmKernels). Default 1. */
  readonly threads?: 1 | 2;
}

/**
 * Makes `name` the active backend and returns it. 'auto' takes WASM when it starts and falls back to
 * JS otherwise (never Left; with threads: 2 it falls back to one WASM thread first). On Left the
 * active backend is unchanged.
 */
export async function useBackend(name: BackendName, opts?: BackendOptions): Promise<Either<BackendError, Kernels>> {
  switch (name) {
    case 'js':
      active = jsKernels;
      return right(jsKernels);
    case 'wasm':
    case 'auto': {
      const threads = opts?.threads ?? 1;
      let r = await sharedWasm(threads);
      if (r._tag === 'Left' && name === 'auto' && threads !== 1) r = await sharedWasm(1);
      if (r._tag === 'Right') active = r.right;
      else if (name === 'auto') active = jsKernels;
      return r._tag === 'Left' && name === 'auto' ? right(jsKernels) : r;
    }
    default:
      return left(backendError(String(name), 'unknown-backend', `unknown backend ${JSON.stringify(name)}: use 'wasm', 'js' or 'auto'`));
  }
}

/** The active kernels. */
export const kernels = (): Kernels => active;
