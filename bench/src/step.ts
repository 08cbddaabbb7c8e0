/**
 * The training-step benchmark: one SGD-momentum step of LeNet-300-100 (784-300-100-10, ReLU,
 * softmax cross-entropy) on a batch of 128 MNIST images, dense and DNW (each layer keeps its top
 * 10% of |w|, straight-through gradient), ours on each backend against TensorFlow.js on its wasm
 * backend (and jax-js's dense step), measured in the same run. Cases alternate in rounds so a busy machine slows them alike.
 */
import { loadavg } from 'node:os';
import { Batcher, loadMnist } from '@dnw/data';
import { jaxStep } from './step-jax.js';
import { oursStep } from './step-ours.js';
import { tfjsStep, type LenetOptions } from './step-tfjs.js';
import type { StepBatch, StepCase, StepRunner } from './step-case.js';

export interface StepBenchOptions {
  /** Timed steps per case, split over the rounds. Default 60. */
  readonly steps?: number;
  /** Untimed steps per case first (first writes to fresh memory are slow here). Default 10. */
  readonly warmup?: number;
  /** Rounds the timed steps are split into, cases interleaved. Default 3. */
  readonly rounds?: number;
  readonly batchSize?: number;
  /** Only the cases whose peer contains one of these strings (e.g. ['ours']). Default all. */
  readonly only?: readonly string[];
  /** Called after each case's round, for progress output. */
  readonly onProgress?: (line: string) => void;
}

export interface StepResult {
  readonly variant: 'dense' | 'dnw 10%';
  readonly peer: string;
  /**
   * This process's CPU time per step (median, 10th and 90th percentile): on a machine shared with other
   * jobs, wall time also counts the time others held the core. Every contender runs on one thread.
   */
  readonly medianMs: number;
  readonly p10Ms: number;
  readonly p90Ms: number;
  /** Wall-clock median, for an idle machine's reading. */
  readonly wallMedianMs: number;
  readonly steps: number;
  /** The loss at the first and the last timed step: the step really trains. */
  readonly firstLoss: number;
  readonly lastLoss: number;
}

export interface StepBenchReport {
  readonly workload: string;
  /** 1-minute load average before and after: above 1, other processes shared the cores. */
  readonly load: readonly [number, number];
  readonly results: readonly StepResult[];
  /** Per variant: the reference peer's median over each case's median (> 1: faster than tfjs-wasm). */
  readonly speedups: readonly { readonly variant: string; readonly peer: string; readonly vsTfjsWasm: number }[];
}

export const LENET = [784, 300, 100, 10] as const;
const REFERENCE = 'tfjs-wasm';

const quantile = (sorted: readonly number[], q: number): number => {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (i - lo);
};

/** The first `size` MNIST training images, in both layouts, standard-normalised as training uses them. */
export const mnistBatch = async (size: number): Promise<StepBatch> => {
  const mnist = await loadMnist();
  if (mnist._tag === 'Left') throw new Error(`MNIST: ${mnist.left.message}`);
  const take = (layout: 'node-major' | 'sample-major') => {
    const b = new Batcher(mnist.right.train, { batchSize: size, seed: 0, shuffle: false, layout });
    const batch = b.next();
    return { x: batch.x.slice(), labels: batch.labels.slice(), features: batch.features };
  };
  const nodeMajor = take('node-major');
  const sampleMajor = take('sample-major');
  return { size, features: nodeMajor.features, xNodeMajor: nodeMajor.x, xSampleMajor: sampleMajor.x, labels: nodeMajor.labels };
};

interface Contender {
  readonly variant: StepResult['variant'];
  readonly make: (opts: LenetOptions) => StepCase;
  readonly keep: number;
}

const CONTENDERS: readonly Contender[] = [
  { variant: 'dense', keep: 1, make: (o) => oursStep('wasm', o) },
  { variant: 'dense', keep: 1, make: (o) => oursStep('js', o) },
  { variant: 'dense', keep: 1, make: (o) => tfjsStep(o) },
  { variant: 'dense', keep: 1, make: (o) => jaxStep(o) },
  { variant: 'dnw 10%', keep: 0.1, make: (o) => oursStep('wasm', o) },
  { variant: 'dnw 10%', keep: 0.1, make: (o) => oursStep('js', o) },
  { variant: 'dnw 10%', keep: 0.1, make: (o) => tfjsStep(o) },
];

export const runStepBench = async (opts: StepBenchOptions = {}): Promise<StepBenchReport> => {
  const steps = opts.steps ?? 60;
  const warmup = opts.warmup ?? 10;
  const rounds = Math.max(1, Math.min(opts.rounds ?? 3, steps));
  const batchSize = opts.batchSize ?? 128;
  const batch = await mnistBatch(batchSize);
  const loadBefore = loadavg()[0]!;
  const cases: { variant: StepResult['variant']; c: StepCase; runner: StepRunner; times: number[]; cpu: number[]; losses: number[] }[] = [];
  for (const con of CONTENDERS) {
    const c = con.make({ sizes: LENET, keep: con.keep, lr: 0.01, momentum: 0.9, seed: 1 });
    if (opts.only && !opts.only.some((s) => c.peer.includes(s))) continue;
    const runner = await c.setup(batch);
    await runner.enter?.();
    for (let i = 0; i < warmup; i++) runner.step();
    cases.push({ variant: con.variant, c, runner, times: [], cpu: [], losses: [] });
  }
  for (let r = 0; r < rounds; r++) {
    const n = Math.floor(steps / rounds) + (r < steps % rounds ? 1 : 0);
    for (const k of cases) {
      await k.runner.enter?.();
      for (let i = 0; i < n; i++) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        const loss = k.runner.step();
        k.times.push(performance.now() - t0);
        const c1 = process.cpuUsage(c0);
        k.cpu.push((c1.user + c1.system) / 1000);
        k.losses.push(loss);
      }
      opts.onProgress?.(`round ${r + 1}/${rounds}: ${k.variant} ${k.c.peer} ${quantile([...k.cpu].sort((a, b) => a - b), 0.5).toFixed(2)} ms (CPU)`);
    }
  }
  for (const k of cases) k.runner.dispose();
  const results: StepResult[] = cases.map((k) => {
    const sorted = [...k.cpu].sort((a, b) => a - b);
    return {
      variant: k.variant,
      peer: k.c.peer,
      medianMs: quantile(sorted, 0.5),
      p10Ms: quantile(sorted, 0.1),
      p90Ms: quantile(sorted, 0.9),
      wallMedianMs: quantile([...k.times].sort((a, b) => a - b), 0.5),
      steps: sorted.length,
      firstLoss: k.losses[0]!,
      lastLoss: k.losses[k.losses.length - 1]!,
    };
  });
  const speedups = results
    .filter((r) => r.peer !== REFERENCE)
    .flatMap((r) => {
      const ref = results.find((x) => x.variant === r.variant && x.peer === REFERENCE);
      return ref ? [{ variant: r.variant, peer: r.peer, vsTfjsWasm: ref.medianMs / r.medianMs }] : [];
    });
  return {
    workload: `LeNet-300-100 (${LENET.join('-')}), batch ${batchSize}, SGD momentum 0.9; median CPU time of ${steps} steps after ${warmup} warm-up, ${rounds} interleaved rounds`,
    load: [loadBefore, loadavg()[0]!],
    results,
    speedups,
  };
};

const pad = (s: string, n: number): string => s.padEnd(n);
const lpad = (s: string, n: number): string => s.padStart(n);

/** The report as a plain-text table: one row per case, with its speed against tfjs-wasm. */
export const formatStepTable = (report: StepBenchReport): string => {
  const head = `${pad('variant', 9)} ${pad('peer', 12)} ${lpad('ms (CPU)', 10)} ${lpad('p10', 8)} ${lpad('p90', 8)} ${lpad('ms (wall)', 10)} ${lpad('loss first->last', 18)} ${lpad('time/tfjs', 10)}  speed`;
  const rows = report.results.map((r) => {
    const s = report.speedups.find((x) => x.variant === r.variant && x.peer === r.peer);
    const ratio =
      r.peer === REFERENCE
        ? `${lpad('1', 10)}  reference`
        : s
          ? `${lpad((1 / s.vsTfjsWasm).toFixed(3), 10)}  ${s.vsTfjsWasm >= 1 ? `${s.vsTfjsWasm.toFixed(1)}x faster` : `${(1 / s.vsTfjsWasm).toFixed(1)}x slower`}`
          : `${lpad('-', 10)}`;
    const loss = `${r.firstLoss.toFixed(3)}->${r.lastLoss.toFixed(3)}`;
    return `${pad(r.variant, 9)} ${pad(r.peer, 12)} ${lpad(r.medianMs.toFixed(3), 10)} ${lpad(r.p10Ms.toFixed(3), 8)} ${lpad(r.p90Ms.toFixed(3), 8)} ${lpad(r.wallMedianMs.toFixed(3), 10)} ${lpad(loss, 18)} ${ratio}`;
  });
  return [`Training step: ${report.workload}; load average ${report.load[0].toFixed(1)} before, ${report.load[1].toFixed(1)} after`, head, ...rows].join('\n');
};

/** The report as a Markdown table, for `npm run bench` (bench/src/main.ts). */
export const formatStepMarkdown = (report: StepBenchReport): string => {
  const rows = report.results.map((r) => {
    const s = report.speedups.find((x) => x.variant === r.variant && x.peer === r.peer);
    const ratio = r.peer === REFERENCE ? '1 (reference)' : s ? `${(1 / s.vsTfjsWasm).toFixed(3)} (${s.vsTfjsWasm >= 1 ? `${s.vsTfjsWasm.toFixed(1)}x faster` : `${(1 / s.vsTfjsWasm).toFixed(1)}x slower`})` : '-';
    return `| ${r.variant} | ${r.peer} | ${r.medianMs.toFixed(3)} | ${r.p10Ms.toFixed(3)} | ${r.p90Ms.toFixed(3)} | ${r.wallMedianMs.toFixed(3)} | ${r.firstLoss.toFixed(3)} -> ${r.lastLoss.toFixed(3)} | ${ratio} |`;
  });
  return [
    `${report.workload}; 1-minute load average ${report.load[0].toFixed(1)} before, ${report.load[1].toFixed(1)} after.`,
    '',
    '| variant | peer | median ms (CPU) | p10 ms | p90 ms | median ms (wall) | loss first -> last | time / tfjs-wasm (CPU) |',
    '|---|---|---:|---:|---:|---:|---|---|',
    ...rows,
  ].join('\n');
};
