import { describe, expect, it } from 'vitest';
import {
  createKernels,
  createWasmKernels,
  enterKernels,
  jsKernels,
  kernels,
  KernelMemoryError,
  leaveKernels,
  useBackend,
  withKernels,
} from '../src/kernels/index.js';
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

describe('kernels of their own', () => {
  it('createKernels makes a fresh wasm instance each call, not the shared one, and does not activate it', async () => {
    const shared = await useBackend('wasm');
    const a = await createKernels('wasm', { memoryBytes: 2 ** 20 });
    const b = await createKernels('wasm', { memoryBytes: 2 ** 20 });
    if (shared._tag !== 'Right' || a._tag !== 'Right' || b._tag !== 'Right') throw new Error('wasm did not start');
    expect(a.right).not.toBe(shared.right);
    expect(a.right).not.toBe(b.right);
    expect(kernels()).toBe(shared.right);
    expect(a.right.alloc(4).buffer).not.toBe(b.right.alloc(4).buffer);
    expect(await createKernels('js')).toEqual({ _tag: 'Right', right: jsKernels });
    const bad = await createKernels('gpu' as 'js');
    expect(bad._tag === 'Left' && bad.left.stage).toBe('unknown-backend');
    await useBackend('js');
  });

  it('withKernels activates for one call and restores, even when the call throws', async () => {
    const own = await createKernels('wasm', { memoryBytes: 2 ** 20 });
    if (own._tag !== 'Right') throw new Error('wasm did not start');
    expect(withKernels(own.right, () => kernels())).toBe(own.right);
    expect(kernels()).toBe(jsKernels);
    expect(() =>
      withKernels(own.right, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(kernels()).toBe(jsKernels);
  });

  it('leaveKernels returns to the backend useBackend chose, unless another job entered since', async () => {
    const shared = await useBackend('wasm');
    const a = await createKernels('wasm', { memoryBytes: 2 ** 20 });
    const b = await createKernels('wasm', { memoryBytes: 2 ** 20 });
    if (shared._tag !== 'Right' || a._tag !== 'Right' || b._tag !== 'Right') throw new Error('wasm did not start');
    enterKernels(a.right);
    enterKernels(b.right);
    leaveKernels(a.right); // b entered after a: b stays
    expect(kernels()).toBe(b.right);
    leaveKernels(b.right);
    expect(kernels()).toBe(shared.right);
    await useBackend('js');
  });

  it('reads views from another instance correctly: they are copied in, not read at the wrong address', async () => {
    const a = await createKernels('wasm', { memoryBytes: 2 ** 22 });
    const b = await createKernels('wasm', { memoryBytes: 2 ** 22 });
    if (a._tag !== 'Right' || b._tag !== 'Right') throw new Error('wasm did not start');
    const [m, k, n] = [7, 33, 9];
    const x = a.right.alloc(m * k);
    const y = a.right.alloc(k * n);
    x.set(noise(m * k, 1));
    y.set(noise(k * n, 2));
    const want = new Float32Array(m * n);
    jsKernels.matmul(x, y, want, m, k, n);
    const out = a.right.alloc(m * n);
    b.right.matmul(x, y, out, m, k, n);
    for (let i = 0; i < want.length; i++) expect(out[i]).toBeCloseTo(want[i]!, 4);
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
