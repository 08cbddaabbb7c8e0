import { valueAndGrad } from './autodiff/valueAndGrad.js';
import { mul } from './ops/elementwise.js';
import { sum } from './ops/reduce.js';
import { rng } from './rng.js';
import { tensor, type Tensor } from './tensor.js';

export interface GradCheck {
  /** max |analytic - numeric| over max |numeric| (per input, the worst input). */
  readonly relError: number;
  /** max |numeric gradient|: a check is only meaningful when this is not ~0. */
  readonly scale: number;
}

/**
 * Gradient check for ops and custom rules (the JAX `check_grads` of this package): compares the
 * analytic gradient of a random projection L = <r, f(xs)> with central differences.
 * L is summed in float64 from f's float32 outputs, and each difference divides by the step that
 * float32 rounding actually took, so with eps ~1e-2 on well-conditioned inputs the numeric
 * gradient is good to ~1e-5 relative: far below the 1e-3 tolerance, while a wrong rule (a missing
 * term, a transposed product, a wrong factor) shows up at order 1. Inputs are perturbed in place
 * one entry at a time and restored. Keep inputs away from kinks (relu at 0) by more than eps.
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
