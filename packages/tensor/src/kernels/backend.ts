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
let wasm: Promise<Either<BackendError, Kernels>> | undefined;

const sharedWasm = (): Promise<Either<BackendError, Kernels>> => {
  wasm ??= createWasmKernels().then((r) => {
    if (r._tag === 'Left') wasm = undefined; // let a later call retry
    return r;
  });
  return wasm;
};

/**
 * Makes `name` the active backend and returns it. 'auto' takes WASM when it starts and falls back to
 * JS otherwise (never Left). On Left the active backend is unchanged.
 */
export async function useBackend(name: BackendName): Promise<Either<BackendError, Kernels>> {
  switch (name) {
    case 'js':
      active = jsKernels;
      return right(jsKernels);
    case 'wasm':
    case 'auto': {
      const r = await sharedWasm();
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
