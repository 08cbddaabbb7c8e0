/**
 * A measurement, not a test (minutes per kind): trains one dynamic or channel graph kind with DNW on
 * MNIST on the WASM kernels (batch 128, SGD lr 0.1, momentum 0.9, weight decay 1e-4) and prints the
 * loss, the time per step and the accuracy on the first 5,000 test images.
 *
 *   npm run build && node bench/dist/dynamic-mnist.js discrete 200
 *
 * One kind per process: WASM buffers are never handed back. Evaluation runs 200 examples at a time,
 * because a dopri5 forward keeps every stage's states in its arena.
 */
import { kernels, tensor, useBackend } from '@dnw/tensor';
import { Batcher, loadMnist } from '@dnw/data';
import { createModel, evaluate, lossAndGrad, paramCount, sgd, type ModelSpec } from '@dnw/graph';

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

async function main(kind: string, steps: number): Promise<void> {
  const spec = specs[kind];
  if (spec === undefined) throw new Error(`unknown kind '${kind}' (known: ${Object.keys(specs).join(', ')})`);
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`steps must be a positive integer, got ${steps}`);
  await useBackend('wasm');
  const mnist = await loadMnist();
  if (mnist._tag === 'Left') throw new Error(mnist.left.message);
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
}

main(process.argv[2] ?? 'discrete', Number(process.argv[3] ?? 200)).catch((err: unknown) => {
  console.error(`dynamic-mnist: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
