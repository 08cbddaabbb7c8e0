/**
 * The WASM SIMD kernels (assembly/*.ts, compiled to build/kernels.wasm) behind the Kernels seam.
 * Arguments that already live in the kernels' memory (from `alloc`, `allocMask`, `allocCsr`) are
 * read in place; any other array is copied into scratch and outputs are copied back.
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { checkCsrFromMask, checkCsrStructure, checkMatmul, checkSpmm, checkTopk } from './checks.js';
import { csrTarget, heapStorage } from './csr.js';
import { backendError, type BackendError } from './errors.js';
import type { Csr, Kernels, MatmulOptions, SpmmOptions } from './kernels.js';
import { compileKernels, type KernelExports } from './wasm-loader.js';
import { NAN_KEY } from './topk-keys.js';
import { LinearMemory } from './wasm-memory.js';
import { wasmWeightGrad } from './wasm-weight-grad.js';
import { wasmSgdUpdate } from './wasm-sgd.js';
import { wasmRelu } from './wasm-relu.js';
import { wasmNormRows } from './wasm-norm-rows.js';

export interface WasmKernelsOptions {
  /**
   * Linear memory reserved at start, in bytes (rounded up to 64 KiB pages; at most 4 GiB). It never
   * grows, so views from `alloc` stay valid; pages never touched cost no resident memory.
   * Default 1 GiB in Node (a reservation of address space, not of RAM: buffers are never handed back,
   * so several models or large evaluations in one process need room), 256 MiB in browsers.
   */
  readonly memoryBytes?: number;
  /** The kernels module or its bytes, when build/kernels.wasm beside the package is not reachable (bundles). */
  readonly module?: BufferSource | WebAssembly.Module;
}

const PAGE = 65536;
const MAX_PAGES = 65536;
const inNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
export const DEFAULT_WASM_MEMORY_BYTES = (inNode ? 1024 : 256) * 2 ** 20;

export async function createWasmKernels(opts?: WasmKernelsOptions): Promise<Either<BackendError, Kernels>> {
  const bytes = opts?.memoryBytes ?? DEFAULT_WASM_MEMORY_BYTES;
  const pages = Math.ceil(bytes / PAGE);
  if (!Number.isFinite(bytes) || pages < 1 || pages > MAX_PAGES) {
    return left(backendError('wasm', 'memory', `memoryBytes must be between 1 and ${MAX_PAGES * PAGE} (4 GiB), got ${bytes}`));
  }
  const compiled = await compileKernels(opts?.module);
  if (compiled._tag === 'Left') return compiled;
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  } catch (cause) {
    return left(backendError('wasm', 'memory', `cannot reserve ${pages * PAGE} bytes of linear memory: ${String(cause)}`, cause));
  }
  let instance: WebAssembly.Instance;
  try {
    instance = await WebAssembly.instantiate(compiled.right, { env: { memory } });
  } catch (cause) {
    return left(backendError('wasm', 'instantiate', `cannot instantiate kernels.wasm: ${String(cause)}`, cause));
  }
  const ex = instance.exports as unknown as KernelExports;
  return right(wasmKernels(ex, new LinearMemory(memory, ex.heapBase())));
}

// Half-widths, in key units, of the band searched around the last top-k threshold. 2^16 is 0.8% of
// the value: it holds about 0.5% of normally distributed weights near a 10% cut.
const MIN_BAND = 1 << 16;
const MAX_BAND = 1 << 20;

function wasmKernels(ex: KernelExports, mem: LinearMemory): Kernels {
  const packBytes = ex.matmulScratchFloats() * 4;
  /** The last threshold key and band width per (n, k). */
  const thresholds = new Map<string, { key: number; width: number }>();

  function matmul(a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number, opts?: MatmulOptions): void {
    const transA = opts?.transA === true;
    const transB = opts?.transB === true;
    const accumulate = opts?.accumulate === true;
    checkMatmul(a, b, out, m, k, n, transA, transB);
    if (m === 0 || n === 0) return;
    mem.beginScratch(mem.stagedBytes(a) + mem.stagedBytes(b) + mem.stagedBytes(out) + packBytes, 'matmul');
    const pa = mem.input(a);
    const pb = mem.input(b);
    const po = mem.output(out, accumulate);
    ex.matmul(pa, pb, po, m, k, n, +transA, +transB, +accumulate, mem.take(packBytes));
    mem.copyOut(out, po);
  }

  function topkMask(values: Float32Array, k: number, out: Uint8Array): void {
    checkTopk(values, k, out);
    const n = values.length;
    if (k <= 0) return void out.fill(0);
    if (k >= n) return void out.fill(1);
    const scratch = ex.topkScratchBytes(n);
    mem.beginScratch(mem.stagedBytes(values) + mem.stagedBytes(out) + scratch, 'topkMask');
    const px = mem.input(values);
    const po = mem.output(out, false);
    const ps = mem.take(scratch);
    // DNW selects the same k of the same weights every step, and the threshold barely moves: look in
    // a narrow band around the last one first (exact either way; the band only decides the speed).
    const id = `${n}:${k}`;
    const last = thresholds.get(id);
    const lo = last === undefined ? 1 : Math.max(0, last.key - last.width);
    const hi = last === undefined ? 0 : Math.min(NAN_KEY, last.key + last.width);
    const t = ex.topkSelect(px, n, k, po, ps, lo, hi);
    if (last === undefined) {
      if (thresholds.size >= 64) thresholds.clear();
      thresholds.set(id, { key: t, width: MIN_BAND });
    } else {
      // Widen after a miss, narrow back while hits come (a wide band collects more candidates).
      last.width = t < lo || t > hi ? Math.min(last.width * 4, MAX_BAND) : Math.max(last.width >> 1, MIN_BAND);
      last.key = t;
    }
    mem.copyOut(out, po);
  }

  function csrFromMask(w: Float32Array, mask: Uint8Array, rows: number, cols: number, into?: Csr): Csr {
    checkCsrFromMask(w, mask, rows, cols);
    // nnz first, to size the arrays; the mask is staged again below if it lives outside.
    mem.beginScratch(mem.stagedBytes(mask), 'csrFromMask');
    const nnz = ex.countNonzero(mem.input(mask), mask.length);
    const csr = csrTarget(rows, cols, nnz, into, heapStorage);
    const colIdx = csr.colIdx.subarray(0, nnz);
    const values = csr.values.subarray(0, nnz);
    mem.beginScratch(
      mem.stagedBytes(w) + mem.stagedBytes(mask) + mem.stagedBytes(csr.rowPtr) + mem.stagedBytes(colIdx) + mem.stagedBytes(values),
      'csrFromMask',
    );
    const pw = mem.input(w);
    const pm = mem.input(mask);
    const pr = mem.output(csr.rowPtr, false);
    const pc = mem.output(colIdx, false);
    const pv = mem.output(values, false);
    ex.csrFill(pw, pm, rows, cols, pr, pc, pv);
    mem.copyOut(csr.rowPtr, pr);
    mem.copyOut(colIdx, pc);
    mem.copyOut(values, pv);
    return csr;
  }

  function spmm(a: Csr, b: Float32Array, out: Float32Array, n: number, opts?: SpmmOptions): void {
    const transA = opts?.transA === true;
    const accumulate = opts?.accumulate === true;
    checkSpmm(a, b, out, n, transA);
    const colIdx = a.colIdx.subarray(0, a.nnz);
    const values = a.values.subarray(0, a.nnz);
    mem.beginScratch(
      mem.stagedBytes(a.rowPtr) + mem.stagedBytes(colIdx) + mem.stagedBytes(values) + mem.stagedBytes(b) + mem.stagedBytes(out),
      'spmm',
    );
    const pr = mem.input(a.rowPtr);
    const pc = mem.input(colIdx);
    const pv = mem.input(values);
    checkCsrStructure(a, ex.csrCheck(pr, pc, a.rows, a.cols, a.nnz));
    const pb = mem.input(b);
    const po = mem.output(out, accumulate);
    if (transA) ex.spmmT(pr, pc, pv, a.rows, a.cols, pb, po, n, +accumulate);
    else ex.spmm(pr, pc, pv, a.rows, pb, po, n, +accumulate);
    mem.copyOut(out, po);
  }

  const allocF32 = (length: number): Float32Array =>
    new Float32Array(mem.buffer, mem.alloc(length * 4, `alloc(${length})`), length);
  const allocI32 = (length: number): Int32Array =>
    new Int32Array(mem.buffer, mem.alloc(length * 4, `an Int32Array of ${length}`), length);

  return {
    name: 'wasm',
    matmul,
    topkMask,
    csrFromMask,
    spmm,
    weightGrad: wasmWeightGrad(ex, mem),
    sgdUpdate: wasmSgdUpdate(ex, mem),
    ...wasmRelu(ex, mem),
    ...wasmNormRows(ex, mem),
    alloc: allocF32,
    allocMask: (length) => new Uint8Array(mem.buffer, mem.alloc(length, `allocMask(${length})`), length),
    allocCsr: (rows, cols, capacity) => ({
      rows, cols, nnz: 0, rowPtr: allocI32(rows + 1), colIdx: allocI32(capacity), values: allocF32(capacity),
    }),
  };
}
