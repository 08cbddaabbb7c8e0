import { record } from '../autodiff/tape.js';
import { empty, type Tensor } from '../tensor.js';
import { aroundAxis, normaliseAxis } from './shapes.js';

/** Sum of all elements (shape [], accumulated in float64), or along `axis` (that axis removed). */
export function sum(x: Tensor, axis?: number): Tensor {
  return reduce('sum', x, axis, 1);
}

/** Mean of all elements (shape []), or along `axis` (that axis removed). */
export function mean(x: Tensor, axis?: number): Tensor {
  const n = axis === undefined ? x.size : x.shape[normaliseAxis('mean', x, axis)];
  return reduce('mean', x, axis, n === 0 ? 0 : 1 / n);
}

function reduce(op: string, x: Tensor, axis: number | undefined, factor: number): Tensor {
  if (axis === undefined) {
    const out = empty([]);
    const xd = x.data;
    let s = 0;
    for (let i = 0; i < xd.length; i++) s += xd[i];
    out.data[0] = s * factor;
    return record(op, [x], out, (g) => {
      const dx = empty(x.shape);
      dx.data.fill(g.data[0] * factor);
      return [dx];
    });
  }
  const ax = normaliseAxis(op, x, axis);
  const [outer, n, inner] = aroundAxis(x.shape, ax);
  const out = empty(x.shape.filter((_, i) => i !== ax));
  const o = out.data, xd = x.data;
  o.fill(0);
  for (let a = 0; a < outer; a++) {
    const base = a * n * inner;
    for (let k = 0; k < n; k++) {
      const row = base + k * inner;
      for (let b = 0; b < inner; b++) o[a * inner + b] += xd[row + b];
    }
  }
  if (factor !== 1) for (let i = 0; i < o.length; i++) o[i] *= factor;
  return record(op, [x], out, (g) => {
    const dx = empty(x.shape);
    const d = dx.data, gd = g.data;
    for (let a = 0; a < outer; a++) {
      const base = a * n * inner;
      for (let k = 0; k < n; k++) {
        const row = base + k * inner;
        for (let b = 0; b < inner; b++) d[row + b] = gd[a * inner + b] * factor;
      }
    }
    return [dx];
  });
}
