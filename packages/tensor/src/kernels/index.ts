export type { Csr, Kernels, MatmulOptions, SpmmOptions } from './kernels.js';
export { jsKernels } from './js.js';
export { createWasmKernels, DEFAULT_WASM_MEMORY_BYTES, type WasmKernelsOptions } from './wasm.js';
export { useBackend, kernels, createKernels, withKernels, enterKernels, leaveKernels, type BackendName } from './backend.js';
export { backendError, KernelMemoryError, type BackendError } from './errors.js';
