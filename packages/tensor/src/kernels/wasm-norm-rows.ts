// The WASM side of Kernels.normRows / normRowsGrad (assembly/norm_rows.ts).
import { checkNormRows } from './js-norm-rows.js';
import type { KernelExports } from './wasm-loader.js';
import type { LinearMemory } from './wasm-memory.js';

interface NormExports {
  normRows(x: number, out: number, rows: number, cols: number, eps: number, mean: number, variance: number, invstd: number, given: number): void;
  normRowsGrad(g: number, xhat: number, invstd: number, dx: number, rows: number, cols: number, fixed: number): void;
}

export function wasmNormRows(core: KernelExports, mem: LinearMemory) {
  const ex = core as unknown as NormExports;
  return {
    normRows(
      x: Float32Array, out: Float32Array, rows: number, cols: number, eps: number,
      mean: Float32Array, variance: Float32Array, invstd: Float32Array, given: boolean,
    ): void {
      checkNormRows('normRows', rows, cols, [x, out], [mean, variance, invstd]);
      if (rows === 0) return;
      mem.beginScratch(mem.stagedBytes(x) + mem.stagedBytes(out) + mem.stagedBytes(mean) + mem.stagedBytes(variance) + mem.stagedBytes(invstd), 'normRows');
      const px = mem.input(x);
      const po = mem.output(out, false);
      const pm = mem.output(mean, given);
      const pv = mem.output(variance, given);
      const pi = mem.output(invstd, false);
      ex.normRows(px, po, rows, cols, eps, pm, pv, pi, +given);
      mem.copyOut(out, po);
      mem.copyOut(invstd, pi);
      if (!given) {
        mem.copyOut(mean, pm);
        mem.copyOut(variance, pv);
      }
    },
    normRowsGrad(g: Float32Array, xhat: Float32Array, invstd: Float32Array, dx: Float32Array, rows: number, cols: number, fixed: boolean): void {
      checkNormRows('normRowsGrad', rows, cols, [g, xhat, dx], [invstd]);
      if (rows === 0) return;
      mem.beginScratch(mem.stagedBytes(g) + mem.stagedBytes(xhat) + mem.stagedBytes(invstd) + mem.stagedBytes(dx), 'normRowsGrad');
      const pg = mem.input(g);
      const ph = mem.input(xhat);
      const pi = mem.input(invstd);
      const pd = mem.output(dx, false);
      ex.normRowsGrad(pg, ph, pi, pd, rows, cols, +fixed);
      mem.copyOut(dx, pd);
    },
  };
}
