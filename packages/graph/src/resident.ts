import { kernels, Tensor } from '@dnw/tensor';

// Buffers the training step hands to kernels every step (weights, velocities, masks) live where
// the active backend reads them without copying: for WASM, its linear memory. Each copy of a
// LeNet-300-100 weight matrix into WASM scratch costs about as much as the update that follows it.

export const residentFloats = (length: number): Float32Array => kernels().alloc(length);

export const residentMask = (length: number): Uint8Array => kernels().allocMask?.(length) ?? new Uint8Array(length);

/** The same tensor over a resident copy of its data. */
export function residentTensor(t: Tensor): Tensor {
  const data = residentFloats(t.size);
  data.set(t.data);
  return new Tensor(data, t.shape);
}
