import { empty, type Tensor } from '@dnw/tensor';
import { linearCombination } from './combine.js';

/**
 * Solvers for an autonomous ODE dz/dt = f(z) built from differentiable ops only, so the gradient
 * is backpropagation through the solver's steps (discretise-then-optimise, as torchdiffeq's
 * `odeint` without the adjoint). Step sizes are chosen from values: they are constants to the tape.
 */

export type VectorField = (z: Tensor) => Tensor;

export interface OdeStats {
  /** Accepted steps. */
  readonly steps: number;
  /** Rejected step attempts (adaptive solvers only). */
  readonly rejected: number;
  /** Evaluations of the vector field, including the initial-step probe. */
  readonly evaluations: number;
}

export interface OdeResult {
  readonly z: Tensor;
  readonly stats: OdeStats;
}

export interface Rk4Options {
  /** Number of equal steps from t0 to t1. */
  readonly steps: number;
  readonly t0?: number;
  readonly t1?: number;
}

/** Classical fourth-order Runge-Kutta with `steps` equal steps. */
export function rk4(f: VectorField, z0: Tensor, opts: Rk4Options): OdeResult {
  const { steps, t0 = 0, t1 = 1 } = opts;
  if (!(Number.isInteger(steps) && steps >= 1)) throw new RangeError(`rk4: steps must be a positive integer, got ${steps}`);
  const h = (t1 - t0) / steps;
  let z = z0;
  for (let s = 0; s < steps; s++) {
    const k1 = f(z);
    const k2 = f(linearCombination([z, k1], [1, h / 2]));
    const k3 = f(linearCombination([z, k2], [1, h / 2]));
    const k4 = f(linearCombination([z, k3], [1, h]));
    z = linearCombination([z, k1, k2, k3, k4], [1, h / 6, h / 3, h / 3, h / 6]);
  }
  return { z, stats: { steps, rejected: 0, evaluations: 4 * steps } };
}

export interface Dopri5Options {
  /** Relative tolerance (reference: 1e-3). */
  readonly rtol?: number;
  /** Absolute tolerance (reference: 1e-3). */
  readonly atol?: number;
  /** Step attempts (accepted + rejected) before giving up with an error. Default 1000. */
  readonly maxSteps?: number;
  /** The first step to try; default: Hairer's estimate from f at z0 (one extra evaluation). */
  readonly firstStep?: number;
  readonly t0?: number;
  readonly t1?: number;
}

/** Thrown when an adaptive solve cannot finish: too many steps, or a step size that underflowed. */
export class OdeSolveError extends Error {
  readonly _tag = 'OdeSolveError' as const;
  constructor(message: string) {
    super(message);
    this.name = 'OdeSolveError';
  }
}

// Dormand-Prince 5(4) tableau (Dormand and Prince 1980; Hairer, Norsett and Wanner, table 5.2).
const A2 = [1 / 5];
const A3 = [3 / 40, 9 / 40];
const A4 = [44 / 45, -56 / 15, 32 / 9];
const A5 = [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729];
const A6 = [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656];
/** Fifth-order weights for k1, k3, k4, k5, k6 (k2's and k7's are zero). */
const B5 = [35 / 384, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84];
/** Fifth minus fourth order weights for k1, k3, k4, k5, k6, k7: the local error estimate. */
const E = [71 / 57600, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40];

const SAFETY = 0.9;
const MIN_FACTOR = 0.2;
const MAX_FACTOR = 10;

/**
 * Adaptive Dormand-Prince 5(4) with local extrapolation (the fifth-order solution is kept) and
 * FSAL (the last stage of an accepted step is the first of the next). A step is accepted when the
 * RMS over all entries of err_i / (atol + rtol * max(|z_i|, |z_new_i|)) is at most 1; the next step
 * is h * clamp(0.9 * norm^(-1/5), 0.2, 10), never growing right after a rejection.
 * Rejected attempts stay on the tape as dead branches: they receive no gradient.
 */
export function dopri5(f: VectorField, z0: Tensor, opts: Dopri5Options = {}): OdeResult {
  const { rtol = 1e-3, atol = 1e-3, maxSteps = 1000, t0 = 0, t1 = 1 } = opts;
  if (!(rtol >= 0 && atol >= 0 && rtol + atol > 0)) throw new RangeError(`dopri5: rtol and atol must be >= 0, not both 0; got ${rtol}, ${atol}`);
  if (!(Number.isInteger(maxSteps) && maxSteps >= 1)) throw new RangeError(`dopri5: maxSteps must be a positive integer, got ${maxSteps}`);
  const span = t1 - t0;
  if (!(span > 0)) throw new RangeError(`dopri5: needs t1 > t0, got [${t0}, ${t1}]`);
  let evaluations = 0;
  const field = (z: Tensor): Tensor => {
    evaluations++;
    return f(z);
  };

  let z = z0;
  let k1 = field(z);
  let h = opts.firstStep ?? initialStep(field, z0, k1, rtol, atol);
  if (!(h > 0)) throw new RangeError(`dopri5: firstStep must be > 0, got ${h}`);
  let t = t0;
  let accepted = 0;
  let rejected = 0;
  let lastRejected = false;
  const tiny = 1e-12 * span;
  while (t1 - t > tiny) {
    if (accepted + rejected >= maxSteps) {
      throw new OdeSolveError(
        `dopri5: reached maxSteps = ${maxSteps} at t = ${t.toPrecision(6)} of [${t0}, ${t1}] (${accepted} accepted, ${rejected} rejected, last h = ${h.toExponential(2)}); ` +
          `the dynamics are too stiff for rtol = ${rtol}, atol = ${atol}: loosen the tolerances, raise maxSteps or use the fixed-step rk4 solver`,
      );
    }
    const last = h >= t1 - t;
    if (last) h = t1 - t;
    const k2 = field(linearCombination([z, k1], [1, h * A2[0]]));
    const k3 = field(linearCombination([z, k1, k2], [1, h * A3[0], h * A3[1]]));
    const k4 = field(linearCombination([z, k1, k2, k3], [1, h * A4[0], h * A4[1], h * A4[2]]));
    const k5 = field(linearCombination([z, k1, k2, k3, k4], [1, h * A5[0], h * A5[1], h * A5[2], h * A5[3]]));
    const k6 = field(linearCombination([z, k1, k2, k3, k4, k5], [1, h * A6[0], h * A6[1], h * A6[2], h * A6[3], h * A6[4]]));
    const zNew = linearCombination([z, k1, k3, k4, k5, k6], [1, h * B5[0], h * B5[1], h * B5[2], h * B5[3], h * B5[4]]);
    const k7 = field(zNew);
    const norm = errorNorm(h, [k1, k3, k4, k5, k6, k7], z, zNew, rtol, atol);
    if (norm <= 1) {
      t = last ? t1 : t + h;
      z = zNew;
      k1 = k7;
      accepted++;
    } else {
      rejected++;
    }
    // A NaN norm (an overflow inside the stages) counts as a failed step and shrinks it hardest.
    let factor = Number.isNaN(norm) ? MIN_FACTOR : norm === 0 ? MAX_FACTOR : SAFETY * Math.pow(norm, -0.2);
    factor = Math.min(MAX_FACTOR, Math.max(MIN_FACTOR, factor));
    if (norm > 1 || lastRejected) factor = Math.min(1, factor);
    lastRejected = !(norm <= 1);
    h *= factor;
    if (h < 1e-10 * span && t1 - t > tiny) {
      throw new OdeSolveError(
        `dopri5: step size underflow (h = ${h.toExponential(2)}) at t = ${t.toPrecision(6)}: the state is ${Number.isNaN(norm) ? 'not finite' : 'changing too fast'}; check the weights and inputs for overflow`,
      );
    }
  }
  return { z, stats: { steps: accepted, rejected, evaluations } };
}

/** RMS of the scaled local error h * sum_i E_i k_i (double precision, from values only). */
function errorNorm(h: number, ks: readonly Tensor[], z: Tensor, zNew: Tensor, rtol: number, atol: number): number {
  const a = z.data, b = zNew.data;
  const d = ks.map((k) => k.data);
  const n = a.length;
  if (n === 0) return 0;
  let acc = 0;
  for (let j = 0; j < n; j++) {
    let e = 0;
    for (let i = 0; i < d.length; i++) e += E[i] * d[i][j];
    const sc = atol + rtol * Math.max(Math.abs(a[j]), Math.abs(b[j]));
    const r = (h * e) / sc;
    acc += r * r;
  }
  return Math.sqrt(acc / n);
}

/** RMS of x_j / (atol + rtol |z_j|): the scaled size Hairer's starting-step rule uses. */
function scaledRms(x: Float32Array, z: Float32Array, rtol: number, atol: number): number {
  let acc = 0;
  for (let j = 0; j < x.length; j++) {
    const r = x[j] / (atol + rtol * Math.abs(z[j]));
    acc += r * r;
  }
  return x.length === 0 ? 0 : Math.sqrt(acc / x.length);
}

/** Hairer, Norsett and Wanner's starting step (Solving ODEs I, II.4), for a fifth-order method. */
function initialStep(f: VectorField, z0: Tensor, f0: Tensor, rtol: number, atol: number): number {
  const n = z0.size;
  const d0 = scaledRms(z0.data, z0.data, rtol, atol);
  const d1 = scaledRms(f0.data, z0.data, rtol, atol);
  const h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
  // The probe state is built from values: the step size is not differentiated.
  const z1 = empty(z0.shape);
  for (let j = 0; j < n; j++) z1.data[j] = z0.data[j] + h0 * f0.data[j];
  const f1 = f(z1);
  let acc = 0;
  for (let j = 0; j < n; j++) {
    const r = (f1.data[j] - f0.data[j]) / (atol + rtol * Math.abs(z0.data[j]));
    acc += r * r;
  }
  const d2 = (n === 0 ? 0 : Math.sqrt(acc / n)) / h0;
  const big = Math.max(d1, d2);
  const h1 = big <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / big, 1 / 5);
  return Math.min(100 * h0, h1);
}
