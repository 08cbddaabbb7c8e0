// The layout of the kernels' linear memory, which is reserved whole at start and never grows (so
// every view handed out stays valid):
//
//   [ module data | alloc() buffers, growing up ->  ...free...  <- scratch, growing down ]
//
// Buffers from alloc are never freed and never overlap scratch, which is why they come out zeroed
// without being written. Scratch is reused by every call: packing space and copies of arguments
// that live outside this memory.
import { KernelMemoryError } from './errors.js';

const ALIGN = 64; // a cache line: SIMD loads never straddle two
const alignUp = (bytes: number): number => Math.ceil(bytes / ALIGN) * ALIGN;
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

type View = Float32Array | Int32Array | Uint8Array;

export class LinearMemory {
  readonly buffer: ArrayBuffer;
  readonly u8: Uint8Array;
  readonly i32: Int32Array;
  readonly f32: Float32Array;
  private top: number; // next free byte for alloc
  private scratchBase: number;
  private cursor = 0; // next free scratch byte within the current call
  private readonly end: number;

  constructor(memory: WebAssembly.Memory, heapBase: number) {
    this.buffer = memory.buffer;
    this.u8 = new Uint8Array(this.buffer);
    this.i32 = new Int32Array(this.buffer);
    this.f32 = new Float32Array(this.buffer);
    this.end = this.buffer.byteLength;
    this.top = alignUp(heapBase);
    this.scratchBase = this.end;
  }

  alloc(bytes: number, what: string): number {
    const ptr = this.top;
    const next = alignUp(ptr + bytes);
    if (next > this.scratchBase) {
      throw new KernelMemoryError(
        `wasm kernels: ${what} needs ${mib(bytes)} but only ${mib(this.scratchBase - ptr)} of the ` +
          `${mib(this.end)} reserved are free; create the kernels with a larger memoryBytes`,
      );
    }
    this.top = next;
    return ptr;
  }

  resident(view: View): boolean {
    return view.buffer === this.buffer;
  }

  /** Starts a call that will take at most `bytes` of scratch. */
  beginScratch(bytes: number, what: string): void {
    const need = alignUp(bytes);
    if (this.end - need < this.scratchBase) {
      if (this.end - need < this.top) {
        throw new KernelMemoryError(
          `wasm kernels: ${what} needs ${mib(need)} of scratch but only ${mib(this.end - this.top)} of the ` +
            `${mib(this.end)} reserved are free; create the kernels with a larger memoryBytes`,
        );
      }
      this.scratchBase = this.end - need;
    }
    this.cursor = this.scratchBase;
  }

  take(bytes: number): number {
    const ptr = this.cursor;
    this.cursor = alignUp(ptr + bytes);
    return ptr;
  }

  /** Scratch bytes a view needs to be staged (0 if it already lives here). */
  stagedBytes(view: View): number {
    return this.resident(view) ? 0 : alignUp(view.byteLength);
  }

  /** The address of view's data inside this memory, copying it into scratch if it lives elsewhere. */
  input(view: View): number {
    if (this.resident(view)) return view.byteOffset;
    const ptr = this.take(view.byteLength);
    this.copyIn(view, ptr);
    return ptr;
  }

  /** Like input, but skips the copy when the kernel overwrites the whole output anyway. */
  output(view: View, readsOld: boolean): number {
    if (this.resident(view)) return view.byteOffset;
    const ptr = this.take(view.byteLength);
    if (readsOld) this.copyIn(view, ptr);
    return ptr;
  }

  /** Copies a staged output back (no-op when it is resident). */
  copyOut(view: View, ptr: number): void {
    if (this.resident(view)) return;
    if (view instanceof Float32Array) view.set(this.f32.subarray(ptr >> 2, (ptr >> 2) + view.length));
    else if (view instanceof Int32Array) view.set(this.i32.subarray(ptr >> 2, (ptr >> 2) + view.length));
    else view.set(this.u8.subarray(ptr, ptr + view.length));
  }

  private copyIn(view: View, ptr: number): void {
    // Same-type set is a memcpy; byteOffsets of f32/i32 views are multiples of 4, and ptr of 64.
    if (view instanceof Float32Array) this.f32.set(view, ptr >> 2);
    else if (view instanceof Int32Array) this.i32.set(view, ptr >> 2);
    else this.u8.set(view, ptr);
  }
}
