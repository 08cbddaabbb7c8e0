import ndarray, { type NdArray } from 'ndarray';
import ops from 'ndarray-ops';
import { Tensor } from './tensor.js';

/** A zero-copy ndarray view of `t` (writes through the view change the tensor: don't). */
export function toNdarray(t: Tensor): NdArray<Float32Array> {
  return ndarray(t.data, t.shape.slice());
}

/**
 * A tensor from an ndarray: zero-copy when it is a row-major contiguous float32 view (a subarray
 * when it starts at an offset), else a copy in row-major order.
 */
export function fromNdarray(nd: NdArray): Tensor {
  const shape = nd.shape.slice();
  const size = shape.reduce((a, b) => a * b, 1);
  if (nd.data instanceof Float32Array && isRowMajor(shape, nd.stride)) {
    const data = nd.offset === 0 && nd.data.length === size ? nd.data : nd.data.subarray(nd.offset, nd.offset + size);
    return new Tensor(data, shape);
  }
  const data = new Float32Array(size);
  ops.assign(ndarray(data, shape), nd);
  return new Tensor(data, shape);
}

function isRowMajor(shape: readonly number[], stride: readonly number[]): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    // A length-1 axis can carry any stride without changing the layout.
    if (shape[i] !== 1 && stride[i] !== expected) return false;
    expected *= shape[i];
  }
  return true;
}
