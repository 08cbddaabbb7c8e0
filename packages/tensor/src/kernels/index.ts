export type { Csr, Kernels, MatmulOptions, SpmmOptions } from './kernels.js';
export { jsKernels } from './js.js';
export { createWasmKernels, DEFAULT_WASM_MEMORY_BYTES, type WasmKernelsOptions } from './wasm.js';
export { useBackend, kernels, type BackendName, type BackendOptions } from './backend.js';
export { backendError, KernelMemoryError, KernelThreadError, type BackendError } from './errors.js';
