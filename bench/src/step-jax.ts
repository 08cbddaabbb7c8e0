/**
 * jax-js's dense LeNet-300-100 step (`jit(valueAndGrad(loss))` and a momentum update written with
 * its ownership rules). In Node 20 there is no global `Worker`, so jax-js's wasm device runs on one
 * thread, like ours. Dense only: the brief's peer for DNW is tfjs.
 */
import { defaultDevice, init, jit, nn, numpy as np, tree, valueAndGrad } from '@jax-js/jax';
import { rng } from '@dnw/tensor';
import type { LenetOptions } from './step-tfjs.js';
import type { StepBatch, StepCase } from './step-case.js';

type Params = { w: np.Array[]; b: np.Array[] };

export const jaxStep = (opts: LenetOptions): StepCase => ({
  peer: 'jax-js',
  async setup(batch: StepBatch) {
    await init('wasm');
    defaultDevice('wasm');
    const { sizes } = opts;
    const r = rng(opts.seed);
    const w: np.Array[] = [];
    const b: np.Array[] = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const [fanIn, fanOut] = [sizes[l]!, sizes[l + 1]!];
      const data = new Float32Array(fanIn * fanOut);
      r.fillNormal(data, 0, Math.sqrt(2 / fanIn));
      w.push(np.array(data, { shape: [fanIn, fanOut] }));
      b.push(np.zeros([fanOut]));
    }
    let params: Params = { w, b };
    let velocity: Params = tree.map((p: np.Array) => np.zerosLike(p.ref), params) as Params;
    const x = np.array(batch.xSampleMajor, { shape: [batch.size, batch.features] });
    const y = nn.oneHot(np.array(Int32Array.from(batch.labels), { dtype: np.int32 }), sizes[sizes.length - 1]!);
    const loss = (p: Params, input: np.Array, target: np.Array): np.Array => {
      let h = input;
      for (let l = 0; l < p.w.length; l++) {
        h = np.dot(h, p.w[l]!).add(p.b[l]!);
        if (l + 1 < p.w.length) h = nn.relu(h);
      }
      return nn.logSoftmax(h, -1).mul(target).sum().mul(-1 / batch.size);
    };
    const lossAndGrad = jit(valueAndGrad(loss));
    const { lr, momentum } = opts;
    return {
      enter: async () => void defaultDevice('wasm'),
      step: () => {
        const [value, grads] = lossAndGrad(tree.ref(params), x.ref, y.ref) as [np.Array, Params];
        velocity = tree.map((v: np.Array, g: np.Array) => v.mul(momentum).add(g), velocity, grads) as Params;
        params = tree.map((p: np.Array, v: np.Array) => p.sub(v.mul(lr)), params, tree.ref(velocity)) as Params;
        return value.dataSync()[0]!;
      },
      dispose: () => {
        tree.dispose(params);
        tree.dispose(velocity);
        x.dispose();
        y.dispose();
      },
    };
  },
});
