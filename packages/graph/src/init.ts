import { Tensor, type Rng } from '@dnw/tensor';

/** He (Kaiming) normal init: std sqrt(2 / fanIn), the reference's choice for ReLU networks. */
export function heNormal(rows: number, cols: number, fanIn: number, rng: Rng): Tensor {
  const data = new Float32Array(rows * cols);
  rng.fillNormal(data, 0, Math.sqrt(2 / Math.max(1, fanIn)));
  return new Tensor(data, [rows, cols]);
}

export const zerosParam = (n: number): Tensor => new Tensor(new Float32Array(n), [n]);
