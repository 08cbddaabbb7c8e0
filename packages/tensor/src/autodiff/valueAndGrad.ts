import { ShapeError, showShape } from '../errors.js';
import { Tensor } from '../tensor.js';
import { Arena, inArena } from './arena.js';
import { copyTensors, mapTensors, tensorLeaves, type Grads } from './pytree.js';
import { Tape, onTape } from './tape.js';

export interface GradOptions {
  /** `f` returns `[loss, aux]`; the result is then `[[value, aux], grads]`. */
  readonly hasAux?: boolean;
  /**
   * Return fresh copies of grads (and of the tensors in aux). By default they live in the
   * function's arena and are overwritten by its next call.
   */
  readonly copyResults?: boolean;
}

/** A traced function; `tapeLabels()` lists the ops its last call recorded, in order (debugging). */
export type Traced<F> = F & { tapeLabels(): string[] };

type Loss<P, A extends unknown[]> = (params: P, ...args: A) => Tensor;
type LossAux<P, A extends unknown[], X> = (params: P, ...args: A) => readonly [Tensor, X];

/**
 * `valueAndGrad(f)(params, ...args)` is `[f(params, ...args), d f / d params]`, the gradient
 * mirroring the pytree `params` (Tensor leaves get a Tensor, other leaves null). Only `params` is
 * differentiated; `args` are constants.
 *
 * Memory: the returned function owns an arena. Every op output, intermediate gradient and returned
 * gradient of a call is drawn from it, and the next call recycles it: results stay valid until the
 * next call of the same function (copy them, or pass `copyResults: true`, to keep them longer).
 * Passing a result straight back in (a recurrent state, last step's gradient) is safe: the next
 * call keeps its buffers out of reach while it runs. A loop calling it with the same shapes
 * allocates nothing after its first calls.
 */
export function valueAndGrad<P, A extends unknown[]>(
  f: Loss<P, A>,
  opts?: GradOptions & { readonly hasAux?: false },
): Traced<(params: P, ...args: A) => [number, Grads<P>]>;
export function valueAndGrad<P, A extends unknown[], X>(
  f: LossAux<P, A, X>,
  opts: GradOptions & { readonly hasAux: true },
): Traced<(params: P, ...args: A) => [[number, X], Grads<P>]>;
export function valueAndGrad<P, A extends unknown[], X>(
  f: Loss<P, A> | LossAux<P, A, X>,
  opts: GradOptions = {},
): Traced<(params: P, ...args: A) => [number | [number, X], Grads<P>]> {
  const arena = new Arena();
  const tape = new Tape(arena);
  const seen = new Set<Float32Array>();
  let running = false;
  const run = (params: P, ...args: A): [number | [number, X], Grads<P>] => {
    // Re-entering would recycle the arena under the outer call's live buffers.
    if (running) throw new Error('valueAndGrad: a traced function was called again from inside its own call');
    running = true;
    try {
      return traced(params, args);
    } finally {
      running = false;
    }
  };
  const traced = (params: P, args: A): [number | [number, X], Grads<P>] => {
    const leaves = tensorLeaves(params);
    const inputs = tensorLeaves(args, leaves.slice());
    return inArena(
      arena,
      () =>
        onTape(tape, () => {
          tape.reset();
          for (const leaf of leaves) tape.addLeaf(leaf);

          const result = f(params, ...args);
          const [out, aux] = opts.hasAux ? (result as readonly [Tensor, X]) : [result as Tensor, undefined];
          if (!(out instanceof Tensor)) {
            throw new TypeError(`valueAndGrad: f must return a Tensor${opts.hasAux ? ' as the first element of [loss, aux]' : ''}`);
          }
          if (out.size !== 1) {
            throw new ShapeError('valueAndGrad', `f must return a single value, got ${showShape(out.shape)}`, [out.shape]);
          }
          const value = out.data[0];

          const seed = arena.take(1);
          seed[0] = 1;
          tape.backward(out, new Tensor(seed, out.shape));

          // A returned gradient must not share memory with another one or with a parameter (a custom
          // rule may hand the same tensor to two inputs): the caller updates them in place.
          seen.clear();
          for (const leaf of leaves) seen.add(leaf.data);
          const grads = mapTensors(params, (leaf) => {
            const g = tape.gradOf(leaf);
            if (g === null) return new Tensor(arena.takeZeroed(leaf.size), leaf.shape);
            if (!seen.has(g.data)) {
              seen.add(g.data);
              return g;
            }
            const copy = arena.take(g.size);
            copy.set(g.data);
            return new Tensor(copy, g.shape);
          }) as Grads<P>;

          if (opts.copyResults) {
            const kept = copyTensors(grads);
            return [opts.hasAux ? [value, copyTensors(aux as X)] : value, kept];
          }
          return [opts.hasAux ? [value, aux as X] : value, grads];
        }),
      inputs,
    );
  };
  return Object.assign(run, { tapeLabels: () => tape.labels() });
}

/** The gradient alone: `grad(f)(params, ...args)` is `valueAndGrad(f)(params, ...args)[1]`. */
export function grad<P, A extends unknown[]>(f: Loss<P, A>, opts: { readonly copyResults?: boolean } = {}): (params: P, ...args: A) => Grads<P> {
  const vg = valueAndGrad(f, { copyResults: opts.copyResults });
  return (params, ...args) => vg(params, ...args)[1];
}

/**
 * `f` with an arena of its own and no tape: for evaluation and inference loops, whose op outputs
 * are then recycled at the next call instead of allocated. Same validity rule as `valueAndGrad`.
 */
export function withArena<A extends unknown[], R>(f: (...args: A) => R): (...args: A) => R {
  const arena = new Arena();
  return (...args) => inArena(arena, () => onTape(null, () => f(...args)), tensorLeaves(args));
}
