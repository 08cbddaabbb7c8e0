import { Tensor } from '../tensor.js';

/**
 * A pytree: Tensors nested in plain objects and arrays. Anything else (numbers, strings, masks,
 * class instances) is a non-tensor leaf that gets no gradient.
 */
export type Grads<P> = P extends Tensor
  ? Tensor
  : P extends ArrayBufferView | ((...a: never[]) => unknown)
    ? null
    : P extends readonly unknown[]
      ? { -readonly [K in keyof P]: Grads<P[K]> }
      : P extends object
        ? { -readonly [K in keyof P]: Grads<P[K]> }
        : null;

const isPlainObject = (x: unknown): x is Record<string, unknown> => {
  if (typeof x !== 'object' || x === null) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
};

/** Every Tensor leaf of `tree`, depth first, in key order. */
export function tensorLeaves(tree: unknown, into: Tensor[] = []): Tensor[] {
  if (tree instanceof Tensor) into.push(tree);
  else if (Array.isArray(tree)) for (const x of tree) tensorLeaves(x, into);
  else if (isPlainObject(tree)) for (const k of Object.keys(tree)) tensorLeaves(tree[k], into);
  return into;
}

/** The same structure with every Tensor leaf replaced by `f(leaf)` and other leaves by null. */
export function mapTensors<R>(tree: unknown, f: (t: Tensor) => R): unknown {
  if (tree instanceof Tensor) return f(tree);
  if (Array.isArray(tree)) return tree.map((x) => mapTensors(x, f));
  if (isPlainObject(tree)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(tree)) out[k] = mapTensors(tree[k], f);
    return out;
  }
  return null;
}

/** The same structure with Tensor leaves copied into fresh buffers; other leaves kept as they are. */
export function copyTensors<T>(tree: T): T {
  if (tree instanceof Tensor) return new Tensor(tree.data.slice(), tree.shape) as T;
  if (Array.isArray(tree)) return tree.map((x) => copyTensors(x)) as T;
  if (isPlainObject(tree)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(tree)) out[k] = copyTensors(tree[k]);
    return out as T;
  }
  return tree;
}
