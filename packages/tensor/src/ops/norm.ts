import { ShapeError, showShape } from '../errors.js';
import { record } from '../autodiff/tape.js';
import { kernels } from '../kernels/backend.js';
import { jsKernels } from '../kernels/js.js';
import type { Kernels } from '../kernels/kernels.js';
import { empty, type Tensor } from '../tensor.js';
import { expectRank } from './shapes.js';

export interface BatchNormOpts {
  /**
   * The feature axis, kept: 0 (default) for node-major [nodes, batch], each row normalised over
   * the batch; 1 for [batch, features].
   */
  readonly axis?: 0 | 1;
  readonly eps?: number;
  /** Optional affine parameters, one per feature. */
  readonly gamma?: Tensor;
  readonly beta?: Tensor;
  /** Receives the batch statistics (biased variance), one per feature: for running averages. */
  readonly stats?: { readonly mean: Float32Array; readonly variance: Float32Array };
  /** Evaluation mode: normalise with these statistics instead of the batch's. */
  readonly running?: { readonly mean: Float32Array; readonly variance: Float32Array };
}

export interface LayerNormOpts {
  /**
   * The feature axis, normalised over: 0 (default) for node-major [features, batch], each
   * column (example) normalised over its features; 1 for [batch, features].
   */
  readonly axis?: 0 | 1;
  readonly eps?: number;
  readonly gamma?: Tensor;
  readonly beta?: Tensor;
}

/** Training-mode batch normalisation: each feature normalised by its mean and variance over the batch. */
export function batchNorm(x: Tensor, opts: BatchNormOpts = {}): Tensor {
  const axis = opts.axis ?? 0;
  return normalise('batchNorm', x, 1 - axis, true, opts.eps ?? 1e-5, opts.gamma, opts.beta, opts.stats, opts.running);
}

/** Layer normalisation: each example normalised over its features. */
export function layerNorm(x: Tensor, opts: LayerNormOpts = {}): Tensor {
  const axis = opts.axis ?? 0;
  return normalise('layerNorm', x, axis, false, opts.eps ?? 1e-5, opts.gamma, opts.beta, undefined, undefined);
}

interface Stats {
  readonly mean: Float32Array;
  readonly variance: Float32Array;
}

/**
 * Shared by both norms: x [R, C] is split into groups normalised independently (rows when
 * reducing axis 1, columns when reducing axis 0). The affine parameters are indexed by group
 * (batchNorm: one per feature = group) or by member (layerNorm: one per feature = member).
 */
function normalise(
  op: string,
  x: Tensor,
  reduceAxis: number,
  affinePerGroup: boolean,
  eps: number,
  gamma: Tensor | undefined,
  beta: Tensor | undefined,
  statsOut: Stats | undefined,
  running: Stats | undefined,
): Tensor {
  expectRank(op, x, 2);
  if (reduceAxis !== 0 && reduceAxis !== 1) throw new ShapeError(op, `axis must be 0 or 1`, [x.shape]);
  const [R, C] = x.shape;
  const groups = reduceAxis === 1 ? R : C;
  const members = reduceAxis === 1 ? C : R;
  const gs = reduceAxis === 1 ? C : 1; // group stride
  const ms = reduceAxis === 1 ? 1 : C; // member stride
  const features = affinePerGroup ? groups : members;
  for (const [name, p] of [['gamma', gamma], ['beta', beta]] as const) {
    if (p !== undefined && p.size !== features) {
      throw new ShapeError(op, `${name} ${showShape(p.shape)} needs ${features} entries for ${showShape(x.shape)}`, [x.shape, p.shape]);
    }
  }
  for (const [name, s] of [['stats', statsOut], ['running', running]] as const) {
    if (s !== undefined && (s.mean.length !== groups || s.variance.length !== groups)) {
      throw new ShapeError(op, `${name} need ${groups} entries for ${showShape(x.shape)}`, [x.shape, [s.mean.length], [s.variance.length]]);
    }
  }
  if (members === 0 && running === undefined) throw new ShapeError(op, `cannot normalise over an empty axis of ${showShape(x.shape)}`, [x.shape]);

  if (reduceAxis === 1 && gamma === undefined && beta === undefined) return normaliseRows(op, x, eps, statsOut, running);

  const xd = x.data;
  const xhatT = empty(x.shape);
  const xhat = xhatT.data;
  const invstd = empty([groups]).data;
  for (let gi = 0; gi < groups; gi++) {
    const base = gi * gs;
    let mu: number;
    let v: number;
    if (running !== undefined) {
      mu = running.mean[gi];
      v = running.variance[gi];
    } else {
      let s = 0;
      for (let m = 0; m < members; m++) s += xd[base + m * ms];
      mu = s / members;
      let q = 0;
      for (let m = 0; m < members; m++) {
        const d = xd[base + m * ms] - mu;
        q += d * d;
      }
      v = q / members;
    }
    if (statsOut !== undefined) {
      statsOut.mean[gi] = mu;
      statsOut.variance[gi] = v;
    }
    const is = 1 / Math.sqrt(v + eps);
    invstd[gi] = is;
    for (let m = 0; m < members; m++) xhat[base + m * ms] = (xd[base + m * ms] - mu) * is;
  }

  const affine = gamma !== undefined || beta !== undefined;
  const result = affine ? empty(x.shape) : xhatT;
  if (affine) {
    const out = result.data;
    const ga = gamma?.data;
    const be = beta?.data;
    for (let gi = 0; gi < groups; gi++) {
      const base = gi * gs;
      for (let m = 0; m < members; m++) {
        const f = affinePerGroup ? gi : m;
        const i = base + m * ms;
        out[i] = (ga !== undefined ? ga[f] : 1) * xhat[i] + (be !== undefined ? be[f] : 0);
      }
    }
  }

  const inputs: Tensor[] = [x];
  if (gamma !== undefined) inputs.push(gamma);
  if (beta !== undefined) inputs.push(beta);
  return record(op, inputs, result, (g, needs) => {
    const gd = g.data;
    const ga = gamma?.data;
    const cot: (Tensor | null)[] = [null];
    let dgamma: Float32Array | null = null;
    let dbeta: Float32Array | null = null;
    if (gamma !== undefined) {
      const t = needs[1] ? empty(gamma.shape) : null;
      cot.push(t);
      dgamma = t?.data.fill(0) ?? null;
    }
    if (beta !== undefined) {
      const t = needs[inputs.length - 1] ? empty(beta.shape) : null;
      cot.push(t);
      dbeta = t?.data.fill(0) ?? null;
    }
    const dx = needs[0] ? empty(x.shape) : null;
    cot[0] = dx;
    const d = dx?.data;
    for (let gi = 0; gi < groups; gi++) {
      const base = gi * gs;
      let s1 = 0;
      let s2 = 0;
      for (let m = 0; m < members; m++) {
        const i = base + m * ms;
        const f = affinePerGroup ? gi : m;
        const dxh = gd[i] * (ga !== undefined ? ga[f] : 1);
        s1 += dxh;
        s2 += dxh * xhat[i];
        if (dgamma !== null) dgamma[f] += gd[i] * xhat[i];
        if (dbeta !== null) dbeta[f] += gd[i];
      }
      if (d === undefined) continue;
      const is = invstd[gi];
      if (running !== undefined) {
        // Fixed statistics: the normalisation is affine in x.
        for (let m = 0; m < members; m++) {
          const i = base + m * ms;
          d[i] = gd[i] * (ga !== undefined ? ga[affinePerGroup ? gi : m] : 1) * is;
        }
        continue;
      }
      const k = is / members;
      for (let m = 0; m < members; m++) {
        const i = base + m * ms;
        const dxh = gd[i] * (ga !== undefined ? ga[affinePerGroup ? gi : m] : 1);
        d[i] = k * (members * dxh - s1 - xhat[i] * s2);
      }
    }
    return cot;
  });
}

/**
 * The common case as two kernels: each row of x [R, C] normalised over its contiguous entries,
 * no affine part (batch norm of node-major states, the static graph's blocks).
 */
function normaliseRows(op: string, x: Tensor, eps: number, statsOut: Stats | undefined, running: Stats | undefined): Tensor {
  const [R, C] = x.shape;
  const k = rowKernels();
  const out = empty(x.shape);
  const invstd = empty([R]).data;
  const given = running !== undefined;
  const mean = running?.mean ?? statsOut?.mean ?? empty([R]).data;
  const variance = running?.variance ?? statsOut?.variance ?? empty([R]).data;
  k.normRows!(x.data, out.data, R, C, eps, mean, variance, invstd, given);
  if (given && statsOut !== undefined) {
    statsOut.mean.set(running.mean);
    statsOut.variance.set(running.variance);
  }
  const xhat = out.data;
  return record(op, [x], out, (g, needs) => {
    if (!needs[0]) return [null];
    const dx = empty(x.shape);
    rowKernels().normRowsGrad!(g.data, xhat, invstd, dx.data, R, C, given);
    return [dx];
  });
}

/** The active backend when it has the row-norm kernels, else their JS twins. */
function rowKernels(): Kernels {
  const k = kernels();
  return k.normRows !== undefined && k.normRowsGrad !== undefined ? k : jsKernels;
}
