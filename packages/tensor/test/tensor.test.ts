import { describe, expect, it } from 'vitest';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import ndarray from 'ndarray';
import ops from 'ndarray-ops';
import { ShapeError, empty, fromNdarray, full, isShapeError, tensor, tensorE, toNdarray, zeros, scalar, matmul } from '../src/index.js';

describe('Tensor', () => {
  it('holds shape, data, size and rank', () => {
    const t = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.size).toBe(6);
    expect(t.rank).toBe(2);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Object.isFrozen(t.shape)).toBe(true);
  });

  it('uses a Float32Array as is and copies other data', () => {
    const buf = new Float32Array(4);
    expect(tensor(buf, [2, 2]).data).toBe(buf);
    const arr = [1, 2];
    expect(tensor(arr, [2]).data).toBeInstanceOf(Float32Array);
  });

  it('throws a ShapeError naming the shape when the data does not fill it', () => {
    expect(() => tensor([1, 2, 3], [2, 2])).toThrow(ShapeError);
    expect(() => tensor([1, 2, 3], [2, 2])).toThrow('tensor: 3 values do not fill shape [2,2]');
    expect(() => tensor([], [-1])).toThrow(/non-negative integers/);
  });

  it('tensorE returns the error as a value', () => {
    const bad = tensorE([1, 2, 3], [2, 2]);
    expect(isLeft(bad)).toBe(true);
    if (isLeft(bad)) {
      expect(bad.left._tag).toBe('ShapeError');
      expect(isShapeError(bad.left)).toBe(true);
    }
    expect(isRight(tensorE([1, 2, 3, 4], [2, 2]))).toBe(true);
  });

  it('zeros, full, empty and scalar', () => {
    expect(Array.from(zeros([3]).data)).toEqual([0, 0, 0]);
    expect(Array.from(full([2], 7).data)).toEqual([7, 7]);
    expect(empty([2, 5]).size).toBe(10);
    const s = scalar(3);
    expect(s.rank).toBe(0);
    expect(s.item()).toBe(3);
    expect(() => zeros([2]).item()).toThrow(ShapeError);
  });

  it('shape errors name the op and both shapes, before any work', () => {
    const a = zeros([2, 3]);
    const b = zeros([4, 5]);
    let err: unknown;
    try {
      matmul(a, b);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ShapeError);
    const e = err as ShapeError;
    expect(e.message).toBe('matmul: inner dimensions differ: [2,3] @ [4,5]');
    expect(e.op).toBe('matmul');
    expect(e.shapes).toEqual([[2, 3], [4, 5]]);
  });
});

describe('ndarray interop', () => {
  it('toNdarray is a view sharing memory', () => {
    const t = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    const nd = toNdarray(t);
    expect(nd.data).toBe(t.data);
    expect(nd.get(1, 2)).toBe(6);
    nd.set(0, 1, 42);
    expect(t.data[1]).toBe(42);
  });

  it('fromNdarray is zero-copy for contiguous float32, a copy otherwise', () => {
    const data = new Float32Array([1, 2, 3, 4, 5, 6]);
    const nd = ndarray(data, [2, 3]);
    const t = fromNdarray(nd);
    expect(t.data).toBe(data);
    expect(t.shape).toEqual([2, 3]);

    const row = fromNdarray(nd.pick(1, null));
    expect(Array.from(row.data)).toEqual([4, 5, 6]);
    expect(row.data.buffer).toBe(data.buffer); // a subarray view at an offset

    const transposed = fromNdarray(nd.transpose(1, 0));
    expect(transposed.shape).toEqual([3, 2]);
    expect(Array.from(transposed.data)).toEqual([1, 4, 2, 5, 3, 6]);
    expect(transposed.data.buffer).not.toBe(data.buffer);

    const f64 = ndarray(new Float64Array([1, 2, 3, 4]), [2, 2]);
    const c = fromNdarray(f64);
    expect(c.data).toBeInstanceOf(Float32Array);
    expect(ops.equals(toNdarray(c), f64)).toBe(true);
  });
});
