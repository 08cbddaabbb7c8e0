// The WASM side of Kernels.biasRelu / reluGrad (assembly/relu.ts).
import { checkBiasRelu, checkReluGrad } from './js-relu.js';
import type { KernelExports } from './wasm-loader.js';
import type { LinearMemory } from './wasm-memory.js';

interface ReluExports {
  biasRelu(x: number, b: number, out: number, rows: number, cols: number, hasBias: number): void;
  reluGrad(y: number, g: number, dx: number, db: number, rows: number, cols: number, hasDb: number): void;
}

export function wasmRelu(core: KernelExports, mem: LinearMemory) {
  const ex = core as unknown as ReluExports;
  const staged = (a: Float32Array | null): number => (a === null ? 0 : mem.stagedBytes(a));
  return {
    biasRelu(x: Float32Array, b: Float32Array | null, out: Float32Array, rows: number, cols: number): void {
      checkBiasRelu(x, b, out, rows, cols);
      if (rows === 0 || cols === 0) return;
      mem.beginScratch(staged(x) + staged(b) + staged(out), 'biasRelu');
      const px = mem.input(x);
      const pb = b === null ? 0 : mem.input(b);
      const po = mem.output(out, false);
      ex.biasRelu(px, pb, po, rows, cols, b === null ? 0 : 1);
      mem.copyOut(out, po);
    },
    reluGrad(y: Float32Array, g: Float32Array, dx: Float32Array, db: Float32Array | null, rows: number, cols: number): void {
      checkReluGrad(y, g, dx, db, rows, cols);
      if (rows === 0) return;
      mem.beginScratch(staged(y) + staged(g) + staged(dx) + staged(db), 'reluGrad');
      const py = mem.input(y);
      const pg = mem.input(g);
      const pd = mem.output(dx, false);
      const pb = db === null ? 0 : mem.output(db, false);
      ex.reluGrad(py, pg, pd, pb, rows, cols, db === null ? 0 : 1);
      mem.copyOut(dx, pd);
      if (db !== null) mem.copyOut(db, pb);
    },
  };
}
