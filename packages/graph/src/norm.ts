import { customVjp, empty, type Tensor } from '@dnw/tensor';

const EPS = 1e-5;

/**
 * Batch normalisation of node-major states x [nodes, batch]: every node (row) is normalised with
 * its own batch mean and variance, without an affine part (the edge weights already scale a node).
 * A node whose input is zero for the whole batch outputs exactly zero, which is what lets a
 * compacted graph drop nodes without in-edges.
 */
export const nodeBatchNorm: (x: Tensor) => Tensor = customVjp(
  (x: Tensor) => {
    const [rows, batch] = x.shape;
    const out = empty(x.shape);
    const invStd = empty([rows]);
    const xd = x.data;
    const o = out.data;
    for (let r = 0; r < rows; r++) {
      const base = r * batch;
      let mean = 0;
      for (let j = 0; j < batch; j++) mean += xd[base + j];
      mean /= batch;
      let v = 0;
      for (let j = 0; j < batch; j++) {
        const d = xd[base + j] - mean;
        v += d * d;
      }
      const inv = 1 / Math.sqrt(v / batch + EPS);
      invStd.data[r] = inv;
      for (let j = 0; j < batch; j++) o[base + j] = (xd[base + j] - mean) * inv;
    }
    return { out, residuals: { y: out, invStd } };
  },
  ({ y, invStd }: { y: Tensor; invStd: Tensor }, g: Tensor) => {
    const [rows, batch] = y.shape;
    const dx = empty(y.shape);
    const gd = g.data;
    const yd = y.data;
    const d = dx.data;
    for (let r = 0; r < rows; r++) {
      const base = r * batch;
      let gm = 0;
      let gy = 0;
      for (let j = 0; j < batch; j++) {
        gm += gd[base + j];
        gy += gd[base + j] * yd[base + j];
      }
      gm /= batch;
      gy /= batch;
      const inv = invStd.data[r];
      for (let j = 0; j < batch; j++) d[base + j] = inv * (gd[base + j] - gm - yd[base + j] * gy);
    }
    return [dx];
  },
  { label: 'nodeBatchNorm' },
);
