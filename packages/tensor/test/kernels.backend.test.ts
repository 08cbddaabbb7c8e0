import { describe, expect, it } from 'vitest';
import { createWasmKernels, jsKernels, kernels, KernelMemoryError, useBackend } from '../src/kernels/index.js';
import { noise, wasmKernelsOrThrow } from './kernels.reference.js';

describe('backend switch', () => {
  it('starts on the JS kernels, switches to wasm and back, and keeps one wasm instance', async () => {
    expect(kernels()).toBe(jsKernels);
    const w = await useBackend('wasm');
    expect(w._tag).toBe('Right');
    expect(kernels().name).toBe('wasm');
    const wasm = kernels();
    expect((await useBackend('js'))._tag).toBe('Right');
    expect(kernels()).toBe(jsKernels);
    const auto = await useBackend('auto');
    expect(auto._tag === 'Right' && auto.right).toBe(wasm);
    expect(kernels()).toBe(wasm);
    await useBackend('js');
  });

  it('answers an unknown name with a Left naming it, leaving the active backend alone', async () => {
    const r = await useBackend('gpu' as 'js');
    expect(r._tag).toBe('Left');
    if (r._tag === 'Left') {
      expect(r.left._tag).toBe('BackendError');
      expect(r.left.stage).toBe('unknown-backend');
      expect(r.left.message).toContain('"gpu"');
    }
    expect(kernels()).toBe(jsKernels);
  });

  it('refuses an impossible memory size as a Left, and bad bytes as a compile error', async () => {
    const big = await createWasmKernels({ memoryBytes: 2 ** 33 });
    expect(big._tag === 'Left' && big.left.stage).toBe('memory');
    const junk = await createWasmKernels({ module: new Uint8Array([0, 97, 115, 109, 9, 9, 9, 9]) });
    expect(junk._tag === 'Left' && junk.left.stage).toBe('compile');
  });
});

describe('wasm memory', () => {
  it('hands out zeroed, disjoint views that stay valid, and throws a clear error when full', async () => {
    const wasm = await wasmKernelsOrThrow(4 * 2 ** 20);
    const a = wasm.alloc(1000);
    const b = wasm.alloc(1000);
    expect(a.every((v) => v === 0) && b.every((v) => v === 0)).toBe(true);
    a.fill(1);
    expect(b.every((v) => v === 0)).toBe(true);
    expect(a.buffer).toBe(b.buffer);
    // A large staged call takes scratch from the top of memory; earlier views keep their data.
    const x = noise(200_000, 1);
    const mask = new Uint8Array(x.length);
    wasm.topkMask(x, 1000, mask);
    expect(mask.reduce((s, v) => s + v, 0)).toBe(1000);
    expect(a.every((v) => v === 1)).toBe(true);
    expect(() => wasm.alloc(2 ** 20)).toThrow(KernelMemoryError);
    expect(() => wasm.alloc(2 ** 20)).toThrow(/alloc\(1048576\) needs 4\.0 MiB but only .* of the 4\.0 MiB reserved are free/);
    expect(() => wasm.topkMask(new Float32Array(2 ** 20), 5, new Uint8Array(2 ** 20))).toThrow(/topkMask needs .* of scratch/);
    // After a refused call the kernels still work.
    wasm.topkMask(x, 10, mask);
    expect(mask.reduce((s, v) => s + v, 0)).toBe(10);
  });

  it('reads resident arguments in place: outputs appear in the caller\'s view without copies', async () => {
    const wasm = await wasmKernelsOrThrow();
    const a = wasm.alloc(4);
    a.set([1, 2, 3, 4]);
    const out = wasm.alloc(4);
    wasm.matmul(a, a, out, 2, 2, 2);
    expect(Array.from(out)).toEqual([7, 10, 15, 22]);
    // A subarray view inside wasm memory is resident too (nonzero byteOffset).
    const big = wasm.alloc(8);
    const tail = big.subarray(4);
    wasm.matmul(a, a, tail, 2, 2, 2, { transA: true });
    expect(Array.from(big)).toEqual([0, 0, 0, 0, 10, 14, 14, 20]);
  });
});
