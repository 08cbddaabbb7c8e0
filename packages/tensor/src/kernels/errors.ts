/** Why a kernel backend could not start. A value, returned in an Either, never thrown. */
export interface BackendError {
  readonly _tag: 'BackendError';
  readonly backend: string;
  /** load: fetching the .wasm bytes; compile/instantiate: the engine refused them (e.g. no SIMD);
   * memory: the reserved linear memory could not be created; unknown-backend: a bad name. */
  readonly stage: 'load' | 'compile' | 'instantiate' | 'memory' | 'unknown-backend';
  readonly message: string;
  readonly cause?: unknown;
}

export const backendError = (
  backend: string,
  stage: BackendError['stage'],
  message: string,
  cause?: unknown,
): BackendError => ({ _tag: 'BackendError', backend, stage, message, cause });

/** The WASM backend's reserved linear memory is full: it never grows, so views stay valid. */
export class KernelMemoryError extends RangeError {
  readonly _tag = 'KernelMemoryError' as const;

  constructor(message: string) {
    super(message);
    this.name = 'KernelMemoryError';
  }
}
