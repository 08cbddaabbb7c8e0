import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { ShapeError, showShape } from './errors.js';
import { activeArena } from './autodiff/arena.js';

/**
 * An immutable n-d array of float32 in row-major order. "Immutable" is a contract, not a copy:
 * ops never write into a tensor they did not just create, and `data` may be shared (reshape,
 * `tensor(float32Array, shape)`, ndarray views).
 */
export class Tensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
  readonly size: number;

  /** Unchecked: callers inside the package guarantee `data.length === product(shape)`. */
  constructor(data: Float32Array, shape: readonly number[]) {
    this.data = data;
    this.shape = Object.freeze(shape.slice());
    this.size = data.length;
  }

  get rank(): number {
    return this.shape.length;
  }

  /** The single value of a size-1 tensor (a loss). */
  item(): number {
    if (this.size !== 1) throw new ShapeError('item', `expected a single element, got ${showShape(this.shape)}`, [this.shape]);
    return this.data[0];
  }

  toString(): string {
    return `Tensor${showShape(this.shape)}`;
  }
}

export const isTensor = (x: unknown): x is Tensor => x instanceof Tensor;

/** Number of elements of a shape; -1 when an entry is not a non-negative integer. */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) return -1;
    n *= d;
  }
  return n;
}

const validShape = (op: string, shape: readonly number[]): number => {
  const n = shapeSize(shape);
  if (n < 0) throw new ShapeError(op, `shape entries must be non-negative integers: ${showShape(shape)}`, [shape]);
  return n;
};

/**
 * A tensor over `data` (a Float32Array is used as is, without copying; anything else is copied).
 * Throws `ShapeError` when the data does not fill the shape.
 */
export function tensor(data: Float32Array | ArrayLike<number>, shape: readonly number[]): Tensor {
  const n = validShape('tensor', shape);
  if (data.length !== n) {
    throw new ShapeError('tensor', `${data.length} values do not fill shape ${showShape(shape)}`, [shape, [data.length]]);
  }
  return new Tensor(data instanceof Float32Array ? data : Float32Array.from(data), shape);
}

/** `tensor` for the boundaries (files, model JSON): the error is a value. */
export function tensorE(data: Float32Array | ArrayLike<number>, shape: readonly number[]): Either<ShapeError, Tensor> {
  try {
    return right(tensor(data, shape));
  } catch (e) {
    if (e instanceof ShapeError) return left(e);
    throw e;
  }
}

/**
 * An uninitialised tensor. Inside a traced function (valueAndGrad, withArena) its buffer comes
 * from that function's arena, so custom ops defined elsewhere reuse memory across steps too.
 */
export function empty(shape: readonly number[]): Tensor {
  const n = validShape('empty', shape);
  const arena = activeArena();
  return new Tensor(arena !== null ? arena.take(n) : new Float32Array(n), shape);
}

export function zeros(shape: readonly number[]): Tensor {
  const t = empty(shape);
  t.data.fill(0);
  return t;
}

export function full(shape: readonly number[], value: number): Tensor {
  const t = empty(shape);
  t.data.fill(value);
  return t;
}

/** A rank-0 tensor holding one number. */
export const scalar = (value: number): Tensor => full([], value);

/** `[a,b] == [c,d]` */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
