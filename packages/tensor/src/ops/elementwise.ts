import { ShapeError, showShape } from '../errors.js';
import { record } from '../autodiff/tape.js';
import { kernels } from '../kernels/backend.js';
import { jsKernels } from '../kernels/js.js';
import type { Kernels } from '../kernels/kernels.js';
import { empty, type Tensor } from '../tensor.js';
import { expectRank, expectSameShape } from './shapes.js';

/**
 * Elementwise ops and their gradient rules. Plain loops: they are memory-bound and cheap next to
 * the matrix products.
 */

export function add(a: Tensor, b: Tensor): Tensor {
  expectSameShape('add', a, b);
  const out = empty(a.shape);
  const o = out.data, x = a.data, y = b.data;
  for (let i = 0; i < o.length; i++) o[i] = x[i] + y[i];
  return record('add', [a, b], out, (g) => [g, g]);
}

export function sub(a: Tensor, b: Tensor): Tensor {
  expectSameShape('sub', a, b);
  const out = empty(a.shape);
  const o = out.data, x = a.data, y = b.data;
  for (let i = 0; i < o.length; i++) o[i] = x[i] - y[i];
  return record('sub', [a, b], out, (g, needs) => [g, needs[1] ? scaled(g, -1) : null]);
}

export function mul(a: Tensor, b: Tensor): Tensor {
  expectSameShape('mul', a, b);
  const out = empty(a.shape);
  const o = out.data, x = a.data, y = b.data;
  for (let i = 0; i < o.length; i++) o[i] = x[i] * y[i];
  return record('mul', [a, b], out, (g, needs) => [needs[0] ? product(g, b) : null, needs[1] ? product(g, a) : null]);
}

export function scale(x: Tensor, s: number): Tensor {
  return record('scale', [x], scaled(x, s), (g) => [scaled(g, s)]);
}

/**
 * x [r, c] plus a bias broadcast along `axis`: b has r entries for axis 0 (one per row: a node's
 * bias in node-major layout) or c entries for axis 1 (one per column).
 */
export function addBias(x: Tensor, b: Tensor, axis: 0 | 1): Tensor {
  const [r, c] = biasShape('addBias', x, b, axis);
  const out = empty(x.shape);
  const o = out.data, xd = x.data, bd = b.data;
  for (let i = 0; i < r; i++) {
    const row = i * c;
    if (axis === 0) {
      const bi = bd[i];
      for (let j = 0; j < c; j++) o[row + j] = xd[row + j] + bi;
    } else for (let j = 0; j < c; j++) o[row + j] = xd[row + j] + bd[j];
  }
  return record('addBias', [x, b], out, (g, needs) => [g, needs[1] ? biasGrad(g, b, axis, r, c) : null]);
}

/**
 * relu(addBias(x, b, axis)) in one pass each way: the layer epilogue of every MLP and graph
 * block, where the two separate ops would read and write the activations twice. Along axis 0 (a
 * bias per node, node-major states) it runs as a kernel, and the backward pass sums the bias
 * gradient while it masks the cotangent.
 */
export function addBiasRelu(x: Tensor, b: Tensor, axis: 0 | 1): Tensor {
  const [r, c] = biasShape('addBiasRelu', x, b, axis);
  const out = empty(x.shape);
  const o = out.data, xd = x.data, bd = b.data;
  if (axis === 0) epilogue().biasRelu!(xd, bd, o, r, c);
  else {
    for (let i = 0; i < r; i++) {
      const row = i * c;
      for (let j = 0; j < c; j++) {
        const v = xd[row + j] + bd[j];
        o[row + j] = v > 0 ? v : 0;
      }
    }
  }
  return record('addBiasRelu', [x, b], out, (g, needs) => {
    const dx = empty(x.shape);
    if (axis === 0) {
      const db = needs[1] ? empty(b.shape) : null;
      epilogue().reluGrad!(o, g.data, dx.data, db === null ? null : db.data, r, c);
      return [needs[0] ? dx : null, db];
    }
    const d = dx.data, gd = g.data;
    for (let i = 0; i < d.length; i++) d[i] = o[i] > 0 ? gd[i] : 0;
    return [needs[0] ? dx : null, needs[1] ? biasGrad(dx, b, axis, r, c) : null];
  });
}

/** The active backend when it has the epilogue kernels, else their JS twins. */
function epilogue(): Kernels {
  const k = kernels();
  return k.biasRelu !== undefined && k.reluGrad !== undefined ? k : jsKernels;
}

function biasShape(op: string, x: Tensor, b: Tensor, axis: 0 | 1): [number, number] {
  expectRank(op, x, 2);
  if (axis !== 0 && axis !== 1) throw new ShapeError(op, `axis must be 0 or 1, got ${String(axis)} for ${showShape(x.shape)}`, [x.shape, b.shape]);
  const [r, c] = x.shape;
  if (b.size !== (axis === 0 ? r : c) || b.rank > 2) {
    throw new ShapeError(op, `bias ${showShape(b.shape)} does not match axis ${axis} of ${showShape(x.shape)}`, [x.shape, b.shape]);
  }
  return [r, c];
}

/** The bias cotangent: g summed over the axis the bias is broadcast along. */
function biasGrad(g: Tensor, b: Tensor, axis: 0 | 1, r: number, c: number): Tensor {
  const db = empty(b.shape);
  const d = db.data, gd = g.data;
  if (axis === 0) {
    for (let i = 0; i < r; i++) {
      let s = 0;
      const row = i * c;
      for (let j = 0; j < c; j++) s += gd[row + j];
      d[i] = s;
    }
  } else {
    d.fill(0);
    for (let i = 0; i < r; i++) {
      const row = i * c;
      for (let j = 0; j < c; j++) d[j] += gd[row + j];
    }
  }
  return db;
}

export function relu(x: Tensor): Tensor {
  const out = empty(x.shape);
  const o = out.data;
  epilogue().biasRelu!(x.data, null, o, 1, o.length);
  return record('relu', [x], out, (g) => {
    const dx = empty(x.shape);
    epilogue().reluGrad!(o, g.data, dx.data, null, 1, o.length);
    return [dx];
  });
}

export function tanh(x: Tensor): Tensor {
  const out = empty(x.shape);
  const o = out.data, xd = x.data;
  for (let i = 0; i < o.length; i++) o[i] = Math.tanh(xd[i]);
  return record('tanh', [x], out, (g) => {
    const dx = empty(x.shape);
    const d = dx.data, gd = g.data;
    for (let i = 0; i < d.length; i++) d[i] = gd[i] * (1 - o[i] * o[i]);
    return [dx];
  });
}

export function sigmoid(x: Tensor): Tensor {
  const out = empty(x.shape);
  const o = out.data, xd = x.data;
  for (let i = 0; i < o.length; i++) {
    // Two branches so exp never overflows.
    const v = xd[i];
    if (v >= 0) o[i] = 1 / (1 + Math.exp(-v));
    else {
      const e = Math.exp(v);
      o[i] = e / (1 + e);
    }
  }
  return record('sigmoid', [x], out, (g) => {
    const dx = empty(x.shape);
    const d = dx.data, gd = g.data;
    for (let i = 0; i < d.length; i++) d[i] = gd[i] * o[i] * (1 - o[i]);
    return [dx];
  });
}

function scaled(x: Tensor, s: number): Tensor {
  const out = empty(x.shape);
  const o = out.data, xd = x.data;
  for (let i = 0; i < o.length; i++) o[i] = xd[i] * s;
  return out;
}

function product(a: Tensor, b: Tensor): Tensor {
  const out = empty(a.shape);
  const o = out.data, x = a.data, y = b.data;
  for (let i = 0; i < o.length; i++) o[i] = x[i] * y[i];
  return out;
}
