/**
 * Our training step: @dnw/graph's sparse MLP (every layer an edge set), `lossAndGrad` and `sgd`,
 * on one kernel backend. Dense is the 'complete' strategy (every edge chosen), DNW keeps the top
 * fraction of each layer with the straight-through gradient.
 */
import { tensor, useBackend } from '@dnw/tensor';
import { createMlp, lossAndGrad, sgd } from '@dnw/graph';
import type { LenetOptions } from './step-tfjs.js';
import type { StepBatch, StepCase } from './step-case.js';

const enter = async (backend: 'wasm' | 'js'): Promise<void> => {
  const r = await useBackend(backend);
  if (r._tag === 'Left') throw new Error(`backend ${backend}: ${r.left.message}`);
};

export const oursStep = (backend: 'wasm' | 'js', opts: LenetOptions): StepCase => ({
  peer: `ours (${backend})`,
  async setup(batch: StepBatch) {
    await enter(backend);
    const model = createMlp(
      { kind: 'mlp', sizes: opts.sizes, keep: opts.keep, strategy: { name: opts.keep < 1 ? 'dnw' : 'complete' } },
      opts.seed,
    );
    // Same update as tfjs's momentum optimizer: no weight decay.
    const optimizer = sgd({ lr: opts.lr, momentum: opts.momentum, weightDecay: 0 });
    const data = { x: tensor(batch.xNodeMajor, [batch.features, batch.size]), labels: batch.labels };
    return {
      enter: () => enter(backend),
      step: () => {
        const { loss, grads } = lossAndGrad(model, data);
        optimizer.step(model.params, grads);
        return loss;
      },
      dispose: () => {},
    };
  },
});
