import { ShapeError, showShape } from '../errors.js';
import { record, tracing } from '../autodiff/tape.js';
import { empty, type Tensor } from '../tensor.js';
import { expectRank } from './shapes.js';

export interface SoftmaxCrossEntropyOpts {
  /**
   * The class axis. 0 (default): logits [classes, batch], our node-major layout. 1: logits
   * [batch, classes].
   */
  readonly axis?: 0 | 1;
}

/**
 * Mean over examples of -log softmax(logits)[label], computed stably through the log-sum-exp with
 * the maximum subtracted. Labels must be integers in [0, classes).
 */
export function softmaxCrossEntropy(logits: Tensor, labels: Uint8Array | Int32Array, opts: SoftmaxCrossEntropyOpts = {}): Tensor {
  const op = 'softmaxCrossEntropy';
  expectRank(op, logits, 2, 'logits');
  const axis = opts.axis ?? 0;
  if (axis !== 0 && axis !== 1) throw new ShapeError(op, `axis must be 0 or 1, got ${String(axis)}`, [logits.shape]);
  const classes = logits.shape[axis];
  const batch = logits.shape[1 - axis];
  if (labels.length !== batch) {
    throw new ShapeError(op, `${labels.length} labels for logits ${showShape(logits.shape)} (batch on axis ${1 - axis})`, [logits.shape, [labels.length]]);
  }
  for (let b = 0; b < batch; b++) {
    const l = labels[b];
    if (l < 0 || l >= classes) throw new RangeError(`${op}: label ${l} at example ${b} is outside [0, ${classes})`);
  }
  // Element (class c, example b) sits at c * cs + b * es.
  const cs = axis === 0 ? batch : 1;
  const es = axis === 0 ? 1 : classes;
  const z = logits.data;
  const keep = tracing();
  const probs = keep ? empty(logits.shape).data : null;
  let total = 0;
  for (let b = 0; b < batch; b++) {
    const base = b * es;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, z[base + c * cs]);
    let s = 0;
    for (let c = 0; c < classes; c++) s += Math.exp(z[base + c * cs] - max);
    const lse = max + Math.log(s);
    total += lse - z[base + labels[b] * cs];
    if (probs !== null) for (let c = 0; c < classes; c++) probs[base + c * cs] = Math.exp(z[base + c * cs] - lse);
  }
  const out = empty([]);
  out.data[0] = batch === 0 ? 0 : total / batch;
  return record(op, [logits], out, (g) => {
    const dz = empty(logits.shape);
    const d = dz.data;
    const p = probs!;
    const f = g.data[0] / batch;
    for (let i = 0; i < d.length; i++) d[i] = p[i] * f;
    for (let b = 0; b < batch; b++) d[b * es + labels[b] * cs] -= f;
    return [dz];
  });
}
