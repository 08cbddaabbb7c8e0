// The plain-TS twins of assembly/relu.ts.
import { ShapeError } from '../errors.js';

function check(op: string, rows: number, cols: number, arrays: readonly Float32Array[], vec: Float32Array | null): void {
  for (const a of arrays) {
    if (a.length !== rows * cols) throw new ShapeError(op, `a buffer has ${a.length} entries for [${rows},${cols}]`, [[rows, cols]]);
  }
  if (vec !== null && vec.length !== rows) throw new ShapeError(op, `the per-row vector has ${vec.length} entries for ${rows} rows`, [[rows, cols], [vec.length]]);
}

export function checkBiasRelu(x: Float32Array, b: Float32Array | null, out: Float32Array, rows: number, cols: number): void {
  check('biasRelu', rows, cols, [x, out], b);
}

export function checkReluGrad(y: Float32Array, g: Float32Array, dx: Float32Array, db: Float32Array | null, rows: number, cols: number): void {
  check('reluGrad', rows, cols, [y, g, dx], db);
}

export function biasRelu(x: Float32Array, b: Float32Array | null, out: Float32Array, rows: number, cols: number): void {
  checkBiasRelu(x, b, out, rows, cols);
  for (let r = 0; r < rows; r++) {
    const bias = b === null ? 0 : b[r];
    const row = r * cols;
    for (let j = 0; j < cols; j++) {
      const v = x[row + j] + bias;
      out[row + j] = v > 0 ? v : 0;
    }
  }
}

export function reluGrad(y: Float32Array, g: Float32Array, dx: Float32Array, db: Float32Array | null, rows: number, cols: number): void {
  checkReluGrad(y, g, dx, db, rows, cols);
  for (let r = 0; r < rows; r++) {
    const row = r * cols;
    let s = 0;
    for (let j = 0; j < cols; j++) {
      const d = y[row + j] > 0 ? g[row + j] : 0;
      dx[row + j] = d;
      s += d;
    }
    if (db !== null) db[r] = s;
  }
}
