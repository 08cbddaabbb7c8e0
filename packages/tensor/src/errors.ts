/**
 * A wrong shape inside the math. Thrown at the call, before any work is done, so a caller never
 * sees NaN or a half-written buffer. The message names the op and every shape involved, e.g.
 * `matmul: inner dimensions differ: [2,3] @ [4,5]`.
 */
export class ShapeError extends Error {
  readonly _tag = 'ShapeError' as const;
  readonly op: string;
  readonly shapes: readonly (readonly number[])[];

  constructor(op: string, detail: string, shapes: readonly (readonly number[])[] = []) {
    super(`${op}: ${detail}`);
    this.name = 'ShapeError';
    this.op = op;
    this.shapes = shapes;
  }
}

/** `[2,3]`: the notation every shape message uses. */
export const showShape = (shape: readonly number[]): string => `[${shape.join(',')}]`;

export const isShapeError = (e: unknown): e is ShapeError =>
  e instanceof ShapeError || (typeof e === 'object' && e !== null && (e as { _tag?: unknown })._tag === 'ShapeError');
