/**
 * Where one DNW training step spends its time, on the wasm backend: `node bench/dist/step-profile.js
 * [mlp|static] [steps]`. Two parts, both in CPU time of this process (the machine is shared):
 *
 * 1. An A/B in one run: two identical models step on the same shuffled MNIST batches, alternately,
 *    one with the step kernels added for issue 4 (weightGrad, sgdUpdate, biasRelu/reluGrad,
 *    normRows/normRowsGrad) switched off (the ops fall back to matmul and plain JS loops), the other
 *    with them on.
 * 2. Per-kernel CPU time inside the step (each call wrapped in a CPU-time reading, which adds a few
 *    microseconds per call: the sum is an upper bound).
 *
 * Training uses @dnw/data's default 'standard' pixels (background -0.42, which weightGrad skips as
 * it skips zeros), lr 0.1, momentum 0.9, weight decay 5e-4: the main job's settings.
 */
import { loadavg } from 'node:os';
import { Batcher, loadMnist } from '@dnw/data';
import { createMlp, createStatic, lossAndGrad, sgd, type Model } from '@dnw/graph';
import { kernels, tensor, useBackend, type Kernels } from '@dnw/tensor';

type Kind = 'mlp' | 'static';

const STEP_KERNELS = ['weightGrad', 'sgdUpdate', 'biasRelu', 'reluGrad', 'normRows', 'normRowsGrad'] as const;
const WRAPPED = ['matmul', 'topkMask', 'csrFromMask', 'spmm', ...STEP_KERNELS] as const;

const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
};

const makeModel = (kind: Kind): Model =>
  kind === 'mlp'
    ? createMlp({ kind: 'mlp', sizes: [784, 300, 100, 10], keep: 0.1, strategy: { name: 'dnw' } }, 1)
    : createStatic(
        // The main job's graph: 10% of the 355,440 forward edges of 784-[300, 100]-10.
        { kind: 'static', inputs: 784, blocks: [300, 100], outputs: 10, edges: 35544, strategy: { name: 'dnw' }, norm: 'batch' },
        1,
      );

/** Label of one kernel call: its name and the shape it ran on. */
function callLabel(name: string, args: unknown[]): string {
  const n = (i: number) => args[i] as number;
  if (name === 'matmul' || name === 'weightGrad') return `${name}(${n(3)}x${n(4)}x${n(5)})`;
  if (name === 'spmm') {
    const a = args[0] as { rows: number; cols: number };
    return `spmm${(args[4] as { transA?: boolean } | undefined)?.transA ? 'T' : ''}(${a.rows}x${a.cols} @ n${n(3)})`;
  }
  if (name === 'csrFromMask') return `csrFromMask(${n(2)}x${n(3)})`;
  return `${name}(${(args[0] as Float32Array).length})`;
}

async function main(): Promise<void> {
  const kind = (process.argv[2] ?? 'mlp') as Kind;
  if (kind !== 'mlp' && kind !== 'static') throw new Error(`model kind: mlp or static, got ${kind}`);
  const steps = Number(process.argv[3] ?? 400);
  const ready = await useBackend('wasm');
  if (ready._tag === 'Left') throw new Error(ready.left.message);
  const mnist = await loadMnist();
  if (mnist._tag === 'Left') throw new Error(mnist.left.message);
  const batches = new Batcher(mnist.right.train, { batchSize: 128, seed: 0, dropLast: true });
  const next = () => {
    const b = batches.next();
    return { x: tensor(b.x, [b.features, b.size]), labels: b.labels };
  };
  const k = kernels() as unknown as Record<string, unknown>;
  const saved = new Map(STEP_KERNELS.map((name) => [name, k[name]]));
  const useStepKernels = (on: boolean) => {
    for (const name of STEP_KERNELS) {
      if (on) k[name] = saved.get(name);
      else delete k[name];
    }
  };

  // 1. A/B, interleaved step by step (the order alternates, so neither side always runs second).
  const load0 = loadavg()[0]!;
  const sides = [false, true].map((on) => ({ on, model: makeModel(kind), opt: sgd({ lr: 0.1, momentum: 0.9, weightDecay: 5e-4 }), cpu: [] as number[] }));
  const warmup = 50;
  for (let i = 0; i < warmup + steps; i++) {
    const batch = next();
    for (const side of i % 2 === 0 ? sides : [...sides].reverse()) {
      useStepKernels(side.on);
      const c0 = cpuNow();
      const { grads } = lossAndGrad(side.model, batch);
      side.opt.step(side.model.params, grads);
      if (i >= warmup) side.cpu.push(cpuNow() - c0);
    }
  }
  useStepKernels(true);
  const [off, on] = sides.map((s) => median(s.cpu));
  console.log(`${kind} DNW step, wasm, batch 128: ${off!.toFixed(3)} ms CPU without the step kernels, ${on!.toFixed(3)} ms with (${(off! / on!).toFixed(2)}x); median of ${steps} interleaved steps each; load average ${load0.toFixed(1)} -> ${loadavg()[0]!.toFixed(1)}`);

  // 2. Per-kernel CPU time inside the step, on the model that ran with the kernels.
  const { model, opt } = sides[1]!;
  const spent = new Map<string, number>();
  for (const name of WRAPPED) {
    const f = k[name] as ((...args: unknown[]) => unknown) | undefined;
    if (f === undefined) continue;
    k[name] = (...args: unknown[]) => {
      const c0 = cpuNow();
      const r = f.apply(k as unknown as Kernels, args);
      const label = callLabel(name, args);
      spent.set(label, (spent.get(label) ?? 0) + cpuNow() - c0);
      return r;
    };
  }
  let total = 0;
  for (let i = 0; i < steps; i++) {
    const batch = next();
    const c0 = cpuNow();
    const { grads } = lossAndGrad(model, batch);
    opt.step(model.params, grads);
    total += cpuNow() - c0;
  }
  let inKernels = 0;
  console.log(`\nper step (kernel calls wrapped in CPU-time readings): ${(total / steps).toFixed(3)} ms CPU`);
  for (const [label, ms] of [...spent].sort((a, b) => b[1] - a[1])) {
    inKernels += ms;
    console.log(`  ${label.padEnd(34)} ${(ms / steps).toFixed(3)} ms`);
  }
  console.log(`  ${'kernels'.padEnd(34)} ${(inKernels / steps).toFixed(3)} ms; the rest (JS ops, autodiff, copies) ${((total - inKernels) / steps).toFixed(3)} ms`);
}

await main();
