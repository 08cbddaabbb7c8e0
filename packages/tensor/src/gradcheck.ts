import { mul, rng, sum, tensor, valueAndGrad, type Tensor } from '../src/index.js';

export interface GradCheck {
  /** max |analytic - numeric| over max |numeric| (per input, the worst input). */
  readonly relError: number;
  /** max |numeric gradient|: a check is only meaningful when this is not ~0. */
  readonly scale: number;
}

/**
 * Compares the analytic gradient of a random projection L = <r, f(xs)> with central differences.
 * L is summed in float64 from f's float32 outputs, and each difference divides by the step that
 * float32 rounding actually took, so with eps ~1e-2 on well-conditioned inputs the numeric
 * gradient is good to ~1e-5 relative: far below the 1e-3 tolerance, while a wrong rule (a missing
 * term, a transposed product, a wrong factor) shows up at order 1.
 */
export function checkGrad(
  f: (...xs: Tensor[]) => Tensor,
  inputs: Tensor[],
  opts: { eps?: number; seed?: number; wrt?: number[] } = {},
): GradCheck {
  const eps = opts.eps ?? 1e-2;
  const wrt = opts.wrt ?? inputs.map((_, i) => i);
  const y0 = f(...inputs);
  const r = new Float64Array(y0.size);
  rng(opts.seed ?? 99).fillUniform(r, -1, 1);
  const R = tensor(Float32Array.from(r), y0.shape);
  const project = (y: Tensor) => {
    let s = 0;
    for (let i = 0; i < y.size; i++) s += r[i] * y.data[i];
    return s;
  };

  const analytic = valueAndGrad((xs: Tensor[]) => sum(mul(f(...xs), R)), { copyResults: true })(inputs)[1];

  let relError = 0;
  let scale = 0;
  for (const j of wrt) {
    const x = inputs[j].data;
    const numeric = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const orig = x[i];
      x[i] = orig + eps;
      const up = x[i] - orig;
      const lp = project(f(...inputs));
      x[i] = orig - eps;
      const down = orig - x[i];
      const lm = project(f(...inputs));
      x[i] = orig;
      numeric[i] = (lp - lm) / (up + down);
    }
    const a = analytic[j].data;
    let worst = 0;
    let s = 0;
    for (let i = 0; i < x.length; i++) {
      worst = Math.max(worst, Math.abs(a[i] - numeric[i]));
      s = Math.max(s, Math.abs(numeric[i]));
    }
    scale = Math.max(scale, s);
    relError = Math.max(relError, worst / Math.max(s, 1e-12));
  }
  return { relError, scale };
}

/** A tensor of normals from a seed. */
export function randn(shape: number[], seed: number, std = 1): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(rng(seed).fillNormal(new Float32Array(n), 0, std), shape);
}

/** A tensor of values whose magnitudes stay at least `gap` away from 0 (for kinks such as relu). */
export function randAway(shape: number[], seed: number, gap = 0.1): Tensor {
  const t = randn(shape, seed);
  for (let i = 0; i < t.size; i++) t.data[i] = Math.sign(t.data[i] || 1) * (gap + Math.abs(t.data[i]));
  return t;
}
