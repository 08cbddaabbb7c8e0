// Fetches and compiles build/kernels.wasm once per process, in Node or a browser.
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { backendError, type BackendError } from './errors.js';

/** The functions assembly/index.ts exports. Pointers are byte addresses; bools are 0/1. */
export interface KernelExports {
  heapBase(): number;
  matmulScratchFloats(): number;
  matmul(a: number, b: number, c: number, m: number, k: number, n: number, transA: number, transB: number, accumulate: number, scratch: number): void;
  topkScratchBytes(n: number): number;
  topkMask(x: number, n: number, k: number, out: number, scratch: number): number;
  topkSelect(x: number, n: number, k: number, out: number, scratch: number, lo: number, hi: number): number;
  countNonzero(mask: number, length: number): number;
  csrCheck(rowPtr: number, colIdx: number, rows: number, cols: number, nnz: number): number;
  csrFill(w: number, mask: number, rows: number, cols: number, rowPtr: number, colIdx: number, values: number): number;
  spmm(rowPtr: number, colIdx: number, values: number, rows: number, b: number, out: number, n: number, accumulate: number): void;
  spmmT(rowPtr: number, colIdx: number, values: number, rows: number, cols: number, b: number, out: number, n: number, accumulate: number): void;
}

// Relative to this file: src/kernels/ in tests, dist/kernels/ when built; both sit two levels
// below the package root that holds build/.
const wasmUrl = (): URL => new URL('../../build/kernels.wasm', import.meta.url);

const isNode = (): boolean =>
  typeof process !== 'undefined' && typeof process.versions === 'object' && process.versions.node !== undefined;

async function readBytes(): Promise<Either<BackendError, BufferSource>> {
  const url = wasmUrl();
  try {
    if (isNode()) {
      // Dynamic, so browser bundles never see node:fs.
      const fs = await import('node:fs/promises');
      const bytes = await fs.readFile(url);
      return right(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    }
    const response = await fetch(url);
    if (!response.ok) return left(backendError('wasm', 'load', `fetching ${url.href} gave HTTP ${response.status}`));
    return right(await response.arrayBuffer());
  } catch (cause) {
    return left(
      backendError('wasm', 'load', `cannot read ${url.href} (was the tensor package built with \`npm run build\`?): ${String(cause)}`, cause),
    );
  }
}

let compiled: Promise<Either<BackendError, WebAssembly.Module>> | undefined;

/** The compiled kernels module; `source` overrides where the bytes come from (e.g. a bundler's asset). */
export function compileKernels(source?: BufferSource | WebAssembly.Module): Promise<Either<BackendError, WebAssembly.Module>> {
  if (source instanceof WebAssembly.Module) return Promise.resolve(right(source));
  if (source !== undefined) return compileBytes(source);
  compiled ??= readBytes().then((bytes) => (bytes._tag === 'Left' ? bytes : compileBytes(bytes.right)));
  // A failed load is not cached: the next call (after a build, say) tries again.
  return compiled.then((r) => {
    if (r._tag === 'Left') compiled = undefined;
    return r;
  });
}

async function compileBytes(bytes: BufferSource): Promise<Either<BackendError, WebAssembly.Module>> {
  try {
    return right(await WebAssembly.compile(bytes));
  } catch (cause) {
    return left(backendError('wasm', 'compile', `the engine rejected kernels.wasm (it needs WebAssembly SIMD): ${String(cause)}`, cause));
  }
}
