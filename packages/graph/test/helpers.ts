import { rng, tensor, type Tensor } from '@dnw/tensor';

/**
 * A tiny separable task: `classes` Gaussian blobs in `features` dimensions, node-major
 * x [features, n]. Deterministic from the seed.
 */
export function blobs(seed: number, n: number, features: number, classes: number, spread = 0.6): { x: Tensor; labels: Uint8Array } {
  const r = rng(seed);
  const centers = new Float32Array(classes * features);
  r.fillNormal(centers, 0, 1);
  const x = new Float32Array(features * n);
  const labels = new Uint8Array(n);
  for (let j = 0; j < n; j++) {
    const c = r.int(classes);
    labels[j] = c;
    for (let f = 0; f < features; f++) x[f * n + j] = centers[c * features + f] + spread * r.normal();
  }
  return { x: tensor(x, [features, n]), labels };
}
