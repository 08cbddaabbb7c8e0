import { Tensor } from '../tensor.js';
import { record, tracing, untraced } from './tape.js';

export interface CustomForward<R> {
  readonly out: Tensor;
  /** Whatever the backward rule needs (inputs, saved activations, masks). */
  readonly residuals: R;
}

/**
 * An op defined by its forward and its vector-Jacobian product, usable anywhere an op is: DNW's
 * straight-through rule and fused kernels of other packages plug in here. Ops called inside `fwd`
 * are not recorded (the rule replaces them); allocate outputs with `empty` to reuse the arena.
 * `bwd` returns one cotangent per input, shaped like it, or null for none.
 */
export function customVjp<I extends Tensor[], R>(
  fwd: (...inputs: I) => CustomForward<R>,
  bwd: (residuals: R, g: Tensor) => readonly (Tensor | null)[],
  opts: { readonly label?: string } = {},
): (...inputs: I) => Tensor {
  const label = opts.label ?? (fwd.name !== '' ? fwd.name : 'customVjp');
  return (...inputs) => {
    const { out, residuals } = untraced(() => fwd(...inputs));
    // fwd may hand back a tensor that lives on outside this op (an input, a constant it closed
    // over): the output needs an identity of its own, or later uses of that tensor would be taken
    // for uses of this op's output and send their gradients through this rule.
    const result = tracing() ? new Tensor(out.data, out.shape) : out;
    return record(label, inputs, result, (g) => bwd(residuals, g));
  };
}
