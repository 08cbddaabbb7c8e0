import { rng, tensor, type Tensor } from '@dnw/tensor';
import { evaluate, lossAndGrad, sgd, type Model } from '@dnw/graph';

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

/**
 * `steps` full-batch SGD steps (momentum 0.9, weight decay 1e-4) on `data`: the loss of the first
 * and last step and the accuracy on `data` afterwards, for the "learns a tiny task" checks.
 */
export function fit(model: Model, data: { x: Tensor; labels: Uint8Array }, steps: number, lr = 0.05): { first: number; last: number; accuracy: number } {
  const opt = sgd({ lr, momentum: 0.9, weightDecay: 1e-4 });
  let first = NaN;
  let last = NaN;
  for (let s = 0; s < steps; s++) {
    const { loss, grads } = lossAndGrad(model, data);
    if (s === 0) first = loss;
    last = loss;
    opt.step(model.params, grads);
  }
  const after = evaluate(model, data.x, data.labels);
  return { first, last, accuracy: after.correct / after.count };
}
