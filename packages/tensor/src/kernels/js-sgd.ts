// The plain-TS twin of assembly/sgd.ts. The loops take their buffers as arguments: V8 optimises
// them several times better than the same loop over closure-captured values.
import { ShapeError } from '../errors.js';

export function checkSgd(w: Float32Array, g: Float32Array, v: Float32Array): void {
  if (g.length !== w.length || v.length !== w.length) {
    throw new ShapeError('sgdUpdate', `parameter has ${w.length} entries, its gradient ${g.length}, its velocity ${v.length}`);
  }
}

export function sgdUpdate(w: Float32Array, g: Float32Array, v: Float32Array, lr: number, mu: number, wd: number, nesterov: boolean): void {
  checkSgd(w, g, v);
  if (nesterov) nesterovUpdate(w, g, v, lr, mu, wd);
  else momentumUpdate(w, g, v, lr, mu, wd);
}

function momentumUpdate(w: Float32Array, g: Float32Array, v: Float32Array, lr: number, mu: number, wd: number): void {
  const n = w.length;
  for (let j = 0; j < n; j++) {
    const vj = mu * v[j] + (g[j] + wd * w[j]);
    v[j] = vj;
    w[j] = w[j] - lr * vj;
  }
}

function nesterovUpdate(w: Float32Array, g: Float32Array, v: Float32Array, lr: number, mu: number, wd: number): void {
  const n = w.length;
  for (let j = 0; j < n; j++) {
    const d = g[j] + wd * w[j];
    const vj = mu * v[j] + d;
    v[j] = vj;
    w[j] = w[j] - lr * (d + mu * vj);
  }
}
