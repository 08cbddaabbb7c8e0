import type { Csr, Kernels } from '../kernels/kernels.js';
import type { Tensor } from '../tensor.js';
import { kernels } from '../kernels/index.js';

let allocations = 0;

/**
 * How many buffers every arena together has requested from the backend since start. A training
 * loop's second and later steps must not move it: tests and benchmarks read it around a step.
 */
export const arenaAllocations = (): number => allocations;

/**
 * Buffers owned by one traced function, handed out by allocation order. A traced function runs the
 * same ops in the same order on every call, so call n+1 gets exactly the buffers of call n and
 * allocates nothing. A length change (the last, smaller batch of an epoch) parks the old buffer in
 * a pool keyed by length, so alternating between two batch sizes stops allocating after one round.
 */
export class Arena {
  private readonly bufs: Float32Array[] = [];
  private cursor = 0;
  private readonly pool = new Map<number, Float32Array[]>();
  private readonly csrs: (Csr | undefined)[] = [];
  private csrCursor = 0;
  private backend: Kernels | null = null;
  /** Buffers the running call reads as inputs: never handed out while it runs. */
  private readonly guarded = new Set<Float32Array>();

  /**
   * Start a new call: every buffer handed out before becomes free again, except those of
   * `inputs`. A caller may feed a result of the previous call back in (a recurrent state, last
   * step's gradient); handing its buffer to an op of this call would overwrite it while the
   * forward or backward pass still reads it. Such a buffer is swapped for a pooled one, so a
   * loop that feeds results back alternates between two buffers and still allocates nothing.
   */
  recycle(inputs: readonly Tensor[] = []): void {
    this.cursor = 0;
    this.csrCursor = 0;
    this.guarded.clear();
    for (const t of inputs) this.guarded.add(t.data);
    const k = kernels();
    // Buffers of another backend would make the WASM kernels copy on every call: start over.
    if (k !== this.backend) {
      this.bufs.length = 0;
      this.csrs.length = 0;
      this.pool.clear();
      this.backend = k;
    }
  }

  /** A buffer of `length` floats with unspecified contents. */
  take(length: number): Float32Array {
    const i = this.cursor++;
    const held = this.bufs[i];
    if (held !== undefined && held.length === length && !this.guarded.has(held)) return held;
    if (held !== undefined) this.park(held);
    const fresh = this.unpark(length) ?? this.allocate(length);
    this.bufs[i] = fresh;
    return fresh;
  }

  takeZeroed(length: number): Float32Array {
    return this.take(length).fill(0);
  }

  /** CSR of `w` masked by `mask`, rebuilt in place into the CSR this call site had last time. */
  csrFromMask(w: Float32Array, mask: Uint8Array, rows: number, cols: number): Csr {
    const i = this.csrCursor++;
    const prev = this.csrs[i];
    const into = prev !== undefined && prev.rows === rows && prev.cols === cols ? prev : undefined;
    const csr = kernels().csrFromMask(w, mask, rows, cols, into);
    this.csrs[i] = csr;
    return csr;
  }

  private allocate(length: number): Float32Array {
    allocations++;
    return kernels().alloc(length);
  }

  private park(buf: Float32Array): void {
    const list = this.pool.get(buf.length);
    if (list === undefined) this.pool.set(buf.length, [buf]);
    else list.push(buf);
  }

  private unpark(length: number): Float32Array | undefined {
    const list = this.pool.get(length);
    if (list === undefined) return undefined;
    for (let j = list.length - 1; j >= 0; j--) {
      const buf = list[j];
      if (this.guarded.has(buf)) continue;
      list[j] = list[list.length - 1];
      list.pop();
      return buf;
    }
    return undefined;
  }
}

let active: Arena | null = null;

/** The arena of the traced function running now, or null outside any trace. */
export const activeArena = (): Arena | null => active;

/**
 * Run `fn` with `arena` active (recycled first, keeping the buffers of `inputs` out of reach),
 * restoring the enclosing arena afterwards.
 */
export function inArena<T>(arena: Arena, fn: () => T, inputs: readonly Tensor[] = []): T {
  const outer = active;
  arena.recycle(inputs);
  active = arena;
  try {
    return fn();
  } finally {
    active = outer;
  }
}
