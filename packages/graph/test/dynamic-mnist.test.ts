import { describe, expect, it } from 'vitest';
import { isLeft } from 'fp-ts/lib/Either.js';
import { kernels, tensor, useBackend } from '@dnw/tensor';
import { Batcher, loadMnist } from '@dnw/data';
import { createModel, evaluate, lossAndGrad, paramCount, sgd, type ModelSpec } from '@dnw/graph';

/**
 * An opt-in measurement, not part of the suite (minutes per kind), one kind per process:
 *   DNW_DYNAMIC_MNIST=discrete DNW_STEPS=200 npx vitest run --project graph test/dynamic-mnist
 * (WASM buffers are never handed back, so the 256 MiB reserve does not hold all three kinds' arenas
 * in one process). It trains the kind with DNW on MNIST (batch 128, SGD lr 0.1, momentum 0.9, weight decay 1e-4) for
 * DNW_STEPS steps on the WASM kernels and prints the loss, the time per step and the accuracy on
 * the first 5,000 test images (evaluated 200 at a time: a dopri5 forward keeps every stage's states
 * in its arena, and a 1,000-example batch of the 894-node graph outgrows the WASM memory).
 */
const kinds = (process.env.DNW_DYNAMIC_MNIST ?? '').split(',').filter((k) => k !== '');
const steps = Number(process.env.DNW_STEPS ?? 200);

const specs: Record<string, ModelSpec> = {
  discrete: { kind: 'discrete', inputs: 784, hidden: 100, outputs: 10, edges: 40_000, strategy: { name: 'dnw' } },
  continuous: { kind: 'continuous', inputs: 784, hidden: 100, outputs: 10, edges: 40_000, strategy: { name: 'dnw' } },
  channel: {
    kind: 'channel',
    image: { channels: 1, height: 28, width: 28 },
    pool: 4,
    inputs: 16,
    blocks: [32, 32, 32],
    outputs: 10,
    edges: 1500,
    strategy: { name: 'dnw' },
  },
};

describe.runIf(kinds.length > 0)('dynamic and channel graphs on MNIST (opt-in measurement)', () => {
  for (const kind of kinds) {
    it(`${kind}: ${steps} DNW steps`, async () => {
      await useBackend('wasm');
      const mnist = await loadMnist();
      if (isLeft(mnist)) throw new Error(`MNIST: ${JSON.stringify(mnist.left)}`);
      const spec = specs[kind];
      if (spec === undefined) throw new Error(`unknown kind '${kind}' (known: ${Object.keys(specs).join(', ')})`);
      const model = createModel(spec, 1);
      const train = new Batcher(mnist.right.train, { batchSize: 128, seed: 1 });
      const test = new Batcher(mnist.right.test, { batchSize: 200, seed: 1, shuffle: false });
      const opt = sgd({ lr: 0.1, momentum: 0.9, weightDecay: 1e-4 });
      console.log(`${kind}: ${paramCount(model.params)} params, ${model.edgeSets[0].size} edge positions, k = ${model.edgeSets[0].k}, backend ${kernels().name}`);
      const t0 = performance.now();
      let sum = 0;
      for (let s = 1; s <= steps; s++) {
        const b = train.next();
        const { loss, grads } = lossAndGrad(model, { x: tensor(b.x, b.shape), labels: b.labels });
        sum += loss;
        opt.step(model.params, grads);
        if (s % 50 === 0 || s === steps) {
          const solve = 'lastSolve' in model ? JSON.stringify((model as { lastSolve(): unknown }).lastSolve()) : '';
          console.log(`${kind} step ${s}: mean loss ${(sum / (s % 50 || 50)).toFixed(3)}, ${((performance.now() - t0) / s).toFixed(0)} ms/step ${solve}`);
          sum = 0;
        }
      }
      let correct = 0;
      let count = 0;
      for (let i = 0; i < 25; i++) {
        const b = test.next();
        const e = evaluate(model, tensor(b.x, b.shape), b.labels);
        correct += e.correct;
        count += e.count;
      }
      console.log(`${kind}: test accuracy ${(correct / count).toFixed(4)} on ${count}, rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
      expect(count).toBe(5000);
    }, 3_600_000);
  }
});
