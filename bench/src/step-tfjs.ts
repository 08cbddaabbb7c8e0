/**
 * The peer: one LeNet-300-100 training step written the way a TensorFlow.js user would, on the
 * tfjs-backend-wasm backend forced to one thread (as our kernels run). DNW is the top-k mask applied to each weight in the
 * forward pass with `tf.customGrad` passing the gradient straight through to the dense weight.
 */
import * as tf from '@tensorflow/tfjs';
import type { StepBatch, StepCase } from './step-case.js';
import { useTfjs } from './tfjs-peer.js';

/**
 * `w` masked to its k largest |w|, with the identity as its gradient (the straight-through rule: every
 * weight gets the gradient it would get if it were live). The k-th largest |w| is the threshold, the
 * idiomatic tfjs form (ties at the threshold may keep a few extra weights, which costs tfjs nothing).
 */
const topkStraightThrough = (k: number) =>
  tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const w = inputs[0] as tf.Tensor;
    const abs = tf.abs(w);
    const threshold = tf.topk(tf.reshape(abs, [-1]), k, false).values.slice([k - 1], [1]);
    const mask = tf.cast(tf.greaterEqual(abs, threshold), 'float32');
    return { value: tf.mul(w, mask), gradFunc: (dy: tf.Tensor) => [dy] };
  });

export interface LenetOptions {
  readonly sizes: readonly number[];
  /** Fraction of each layer's weights kept; 1 is the dense step. */
  readonly keep: number;
  readonly lr: number;
  readonly momentum: number;
  readonly seed: number;
}

/** tfjs's wasm step for a batch (x sample-major [batch, features]). */
export const tfjsStep = (opts: LenetOptions): StepCase => ({
  peer: 'tfjs-wasm',
  async setup(batch: StepBatch) {
    await useTfjs('wasm');
    const { sizes, keep } = opts;
    const weights: tf.Variable[] = [];
    const biases: tf.Variable[] = [];
    const masks: ((w: tf.Tensor) => tf.Tensor)[] = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const [fanIn, fanOut] = [sizes[l]!, sizes[l + 1]!];
      const std = Math.sqrt(2 / fanIn);
      weights.push(tf.variable(tf.randomNormal([fanIn, fanOut], 0, std, 'float32', opts.seed + l)));
      biases.push(tf.variable(tf.zeros([fanOut])));
      const k = Math.round(keep * fanIn * fanOut);
      const st = topkStraightThrough(k);
      masks.push(keep < 1 ? (w) => st(w) as tf.Tensor : (w) => w);
    }
    const x = tf.tensor2d(batch.xSampleMajor, [batch.size, sizes[0]!]);
    const y = tf.oneHot(tf.tensor1d(Int32Array.from(batch.labels), 'int32'), sizes[sizes.length - 1]!);
    const optimizer = tf.train.momentum(opts.lr, opts.momentum);
    const loss = (): tf.Scalar => {
      let h: tf.Tensor = x;
      for (let l = 0; l < weights.length; l++) {
        h = tf.add(tf.matMul(h, masks[l]!(weights[l]!)), biases[l]!);
        if (l + 1 < weights.length) h = tf.relu(h);
      }
      return tf.losses.softmaxCrossEntropy(y, h) as tf.Scalar;
    };
    const step = (): number => {
      const cost = optimizer.minimize(loss, true) as tf.Scalar;
      const value = cost.dataSync()[0]!;
      cost.dispose();
      return value;
    };
    const dispose = (): void => {
      for (const v of [...weights, ...biases]) v.dispose();
      x.dispose();
      y.dispose();
      optimizer.dispose();
    };
    return { enter: async () => void (await useTfjs('wasm')), step, dispose };
  },
});
