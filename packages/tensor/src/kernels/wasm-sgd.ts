// The WASM side of Kernels.sgdUpdate (assembly/sgd.ts). Buffers from `alloc` are updated in place;
// others are staged through scratch (the copies cost about as much as the update itself).
import { checkSgd } from './js-sgd.js';
import type { KernelExports } from './wasm-loader.js';
import type { LinearMemory } from './wasm-memory.js';

interface SgdExports {
  sgdUpdate(w: number, g: number, v: number, n: number, lr: number, mu: number, wd: number, nesterov: number): void;
}

export function wasmSgdUpdate(core: KernelExports, mem: LinearMemory) {
  const ex = core as unknown as SgdExports;
  return function sgdUpdate(w: Float32Array, g: Float32Array, v: Float32Array, lr: number, mu: number, wd: number, nesterov: boolean): void {
    checkSgd(w, g, v);
    if (w.length === 0) return;
    mem.beginScratch(mem.stagedBytes(w) + mem.stagedBytes(g) + mem.stagedBytes(v), 'sgdUpdate');
    const pw = mem.input(w);
    const pg = mem.input(g);
    const pv = mem.input(v);
    ex.sgdUpdate(pw, pg, pv, w.length, lr, mu, wd, +nesterov);
    mem.copyOut(w, pw);
    mem.copyOut(v, pv);
  };
}
