/**
 * Kernel benchmarks: our WASM and JS kernels against TensorFlow.js (wasm backend on one thread, and
 * its cpu backend) for dense matmul, against a sort for top-k, and against our own dense kernel for
 * SpMM. Every ratio compares two medians from the same run.
 */
import { createWasmKernels, jsKernels, rng, type Csr, type Kernels } from '@dnw/tensor';
import type * as TF from '@tensorflow/tfjs';
import { cpus, loadavg } from 'node:os';
import { timeCases, type TimedCase } from './timing.js';
import { tfjsWasmThreads, useTfjs } from './tfjs-peer.js';

export interface KernelRow {
  readonly group: string;
  readonly name: string;
  /** Median CPU time of this process per call (see timing.ts). */
  readonly ms: number;
  readonly wallMs: number;
  readonly samples: number;
  /** Work per call, in `unit`s (flops, elements), for the rate column. */
  readonly work: number;
  readonly unit: 'GFLOP/s' | 'M elem/s';
}

export interface Comparison {
  readonly group: string;
  readonly ours: string;
  readonly peer: string;
  /** peer CPU time / our CPU time: above 1, ours is faster. */
  readonly speedup: number;
  /** The target speedup from the project's performance goals, when there is one. */
  readonly bar?: number;
}

export interface KernelBenchReport {
  readonly rows: readonly KernelRow[];
  readonly comparisons: readonly Comparison[];
  readonly notes: readonly string[];
}

interface Case extends TimedCase {
  readonly work: number;
  readonly unit: KernelRow['unit'];
}

interface Group {
  readonly name: string;
  readonly cases: readonly Case[];
  readonly compare: readonly (readonly [ours: string, peer: string, bar?: number])[];
}

const normal = (length: number, seed: number): Float32Array => rng(seed).fillNormal(new Float32Array(length)) as Float32Array;

/** A buffer in the backend's own memory holding `data`. */
const resident = (k: Kernels, data: Float32Array): Float32Array => {
  const out = k.alloc(data.length);
  out.set(data);
  return out;
};

function matmulGroup(wasm: Kernels, tf: typeof TF, m: number, k: number, n: number): Group {
  const flops = 2 * m * k * n;
  const big = m * k * n > 1e8;
  const aData = normal(m * k, 1);
  const bData = normal(k * n, 2);
  const aw = resident(wasm, aData);
  const bw = resident(wasm, bData);
  const ow = wasm.alloc(m * n);
  const aj = aData.slice();
  const bj = bData.slice();
  const oj = new Float32Array(m * n);
  // Tensors are made lazily under the backend that uses them (tfjs moves data on a switch).
  const tensors = new Map<string, TF.Tensor2D>();
  const tensor = (name: string, data: Float32Array, shape: [number, number]): TF.Tensor2D => {
    const key = `${tf.getBackend()}:${name}`;
    let t = tensors.get(key);
    if (t === undefined || t.isDisposed) tensors.set(key, (t = tf.tensor2d(data, shape)));
    return t;
  };
  const tfCall = (backend: 'wasm' | 'cpu', name: string, run: () => void): Case => ({
    name, work: flops, unit: 'GFLOP/s', run,
    enter: async () => {
      await useTfjs(backend);
    },
  });
  const fresh = (transA: boolean, transB: boolean) => (): void => {
    const b = tf.tensor2d(bData, transB ? [n, k] : [k, n]);
    const c = tf.matMul(tensor(`a${+transA}`, aData, transA ? [k, m] : [m, k]), b, transA, transB);
    b.dispose();
    c.dispose();
  };
  const reused = (key: string, transA: boolean, transB: boolean) => (): void => {
    tf.matMul(tensor(`a${+transA}`, aData, transA ? [k, m] : [m, k]), tensor(key, bData, transB ? [n, k] : [k, n]), transA, transB).dispose();
  };
  const ours = (name: string, kernels: Kernels, a: Float32Array, b: Float32Array, o: Float32Array, transA = false, transB = false): Case => ({
    name, work: flops, unit: 'GFLOP/s',
    run: () => kernels.matmul(a, b, o, m, k, n, { transA, transB }),
  });
  return {
    name: `matmul ${m}x${k}x${n}`,
    cases: [
      ours('dnw wasm', wasm, aw, bw, ow),
      ours('dnw wasm, transA', wasm, aw, bw, ow, true, false),
      ours('dnw wasm, transB', wasm, aw, bw, ow, false, true),
      ours('dnw wasm, JS-heap arrays (copied in/out)', wasm, aj, bj, oj),
      ours('dnw js', jsKernels, aj, bj, oj),
      tfCall('wasm', 'tfjs-wasm, fresh B', fresh(false, false)),
      tfCall('wasm', 'tfjs-wasm, reused B', reused('b', false, false)),
      // tfjs-wasm's transposed products take 4-20 s at 1024^3; the small shape shows the same gap.
      ...(big
        ? []
        : [tfCall('wasm', 'tfjs-wasm, transA, fresh B', fresh(true, false)), tfCall('wasm', 'tfjs-wasm, transB, fresh B', fresh(false, true))]),
      tfCall('cpu', 'tfjs-cpu, reused B', reused('b', false, false)),
    ],
    compare: [
      ['dnw wasm', 'tfjs-wasm, fresh B', 1.2],
      ['dnw wasm', 'tfjs-wasm, reused B', 1.2],
      ...(big
        ? []
        : ([
            ['dnw wasm, transA', 'tfjs-wasm, transA, fresh B'],
            ['dnw wasm, transB', 'tfjs-wasm, transB, fresh B'],
          ] as const)),
      ['dnw wasm', 'tfjs-cpu, reused B'],
      ['dnw wasm', 'dnw js'],
      ['dnw js', 'tfjs-cpu, reused B'],
    ],
  };
}

function topkGroup(wasm: Kernels, n: number, withSort: boolean): Group {
  const k = Math.round(n / 10);
  const w = normal(n, 3);
  const ww = resident(wasm, w);
  const maskW = wasm.allocMask?.(n) ?? new Uint8Array(n);
  const maskJ = new Uint8Array(n);
  const abs = new Float32Array(n);
  const sortCase: Case = {
    name: 'Float32Array.prototype.sort of |w|', work: n, unit: 'M elem/s',
    run: () => {
      for (let i = 0; i < n; i++) abs[i] = Math.abs(w[i]);
      abs.sort();
    },
  };
  // Same ranking, threshold 4x apart: the band around the last threshold never holds the new one.
  const scaled = [ww, resident(wasm, w.map((v) => v * 4))];
  let flip = 0;
  const steady = 'dnw wasm topkMask, near last threshold';
  const cold = 'dnw wasm topkMask, cold';
  return {
    name: `top-k of ${n.toLocaleString('en-US')} weights, k = 10%`,
    cases: [
      { name: steady, work: n, unit: 'M elem/s', run: () => wasm.topkMask(ww, k, maskW) },
      // k + 1: the kernels remember thresholds per (n, k), and the steady case must keep its own.
      { name: cold, work: n, unit: 'M elem/s', run: () => wasm.topkMask(scaled[(flip ^= 1)]!, k + 1, maskW) },
      { name: 'dnw js topkMask', work: n, unit: 'M elem/s', run: () => jsKernels.topkMask(w, k, maskJ) },
      ...(withSort ? [sortCase] : []),
    ],
    compare: withSort
      ? [
          [steady, sortCase.name, 30],
          [cold, sortCase.name, 30],
          ['dnw js topkMask', sortCase.name],
        ]
      : [
          [steady, 'dnw js topkMask'],
          [cold, 'dnw js topkMask'],
        ],
  };
}

/** A 0/1 mask keeping about `density` of the entries, uniformly at random. */
const randomMask = (length: number, density: number, seed: number): Uint8Array => {
  const u = rng(seed).fillUniform(new Float32Array(length)) as Float32Array;
  return Uint8Array.from(u, (x) => (x < density ? 1 : 0));
};

function spmmGroup(wasm: Kernels, rows: number, cols: number, n: number, densities: readonly number[]): Group {
  const w = resident(wasm, normal(rows * cols, 4));
  const x = resident(wasm, normal(cols * n, 5)); // forward: W (rows x cols) @ X (cols x n)
  const dy = resident(wasm, normal(rows * n, 6)); // backward: W^T @ dY (rows x n)
  const out = wasm.alloc(rows * n);
  const outT = wasm.alloc(cols * n);
  const denseFlops = 2 * rows * cols * n;
  const cases: Case[] = [
    { name: 'dnw wasm dense matmul', work: denseFlops, unit: 'GFLOP/s', run: () => wasm.matmul(w, x, out, rows, cols, n) },
    { name: 'dnw wasm dense matmul, transA', work: denseFlops, unit: 'GFLOP/s', run: () => wasm.matmul(w, dy, outT, cols, rows, n, { transA: true }) },
  ];
  const compare: [string, string, number?][] = [];
  for (const d of densities) {
    const pct = `${Math.round(d * 100)}%`;
    const mask = randomMask(rows * cols, d, 7);
    const csr: Csr = wasm.csrFromMask(w, mask, rows, cols, wasm.allocCsr?.(rows, cols, rows * cols));
    const useful = 2 * csr.nnz * n;
    cases.push(
      { name: `dnw wasm spmm ${pct}`, work: useful, unit: 'GFLOP/s', run: () => wasm.spmm(csr, x, out, n) },
      { name: `dnw wasm spmm transA ${pct}`, work: useful, unit: 'GFLOP/s', run: () => wasm.spmm(csr, dy, outT, n, { transA: true }) },
    );
    compare.push([`dnw wasm spmm ${pct}`, 'dnw wasm dense matmul', d === 0.1 ? 3 : undefined]);
    compare.push([`dnw wasm spmm transA ${pct}`, 'dnw wasm dense matmul, transA']);
    if (d === 0.1) {
      const maskW = wasm.allocMask?.(mask.length) ?? new Uint8Array(mask.length);
      maskW.set(mask);
      const into = wasm.allocCsr?.(rows, cols, rows * cols);
      const jsCsr = jsKernels.csrFromMask(w, mask, rows, cols);
      const xj = x.slice();
      const oj = new Float32Array(rows * n);
      cases.push(
        { name: `dnw wasm csrFromMask ${pct}`, work: rows * cols, unit: 'M elem/s', run: () => wasm.csrFromMask(w, maskW, rows, cols, into) },
        { name: `dnw js spmm ${pct}`, work: useful, unit: 'GFLOP/s', run: () => jsKernels.spmm(jsCsr, xj, oj, n) },
      );
      compare.push([`dnw wasm spmm ${pct}`, `dnw js spmm ${pct}`]);
    }
  }
  return { name: `spmm ${rows}x${cols} (masked) @ ${cols}x${n}`, cases, compare };
}

export interface KernelBenchOptions {
  /** Called before each group, for progress output. */
  readonly onProgress?: (line: string) => void;
}

export async function runKernelBench(opts: KernelBenchOptions = {}): Promise<KernelBenchReport> {
  const created = await createWasmKernels();
  if (created._tag === 'Left') throw new Error(`wasm kernels: ${created.left.stage}: ${created.left.message}`);
  const wasm = created.right;
  const tf = await useTfjs('wasm');
  const groups: (() => Group)[] = [
    () => matmulGroup(wasm, tf, 256, 784, 128),
    () => matmulGroup(wasm, tf, 1024, 1024, 1024),
    () => topkGroup(wasm, 1_000_000, true),
    () => topkGroup(wasm, 266_200, false),
    () => spmmGroup(wasm, 300, 784, 128, [0.01, 0.05, 0.1, 0.2, 0.5]),
  ];
  const loadBefore = loadavg()[0]!;
  const rows: KernelRow[] = [];
  const comparisons: Comparison[] = [];
  for (const make of groups) {
    const g = make();
    opts.onProgress?.(`kernels: ${g.name}`);
    const medians = await timeCases(g.cases);
    for (const c of g.cases) {
      const t = medians.get(c.name)!;
      rows.push({ group: g.name, name: c.name, ms: t.cpuMs, wallMs: t.wallMs, samples: t.samples, work: c.work, unit: c.unit });
    }
    for (const [ours, peer, bar] of g.compare) {
      comparisons.push({ group: g.name, ours, peer, speedup: medians.get(peer)!.cpuMs / medians.get(ours)!.cpuMs, bar });
    }
  }
  const notes = [
    `tfjs ${tf.version.tfjs}, wasm backend on ${tfjsWasmThreads()} thread(s); Node ${process.versions.node}; ` +
      `${cpus().length} cores, 1-minute load average ${loadBefore.toFixed(1)} before and ${loadavg()[0]!.toFixed(1)} after ` +
      '(above 1, other processes shared the cores: absolute figures drop, interleaved ratios hold better)',
    'fresh B: the second operand is a new tensor every call, as in training (tfjs-wasm caches the packed B of a reused tensor)',
    'dnw wasm rows use buffers from kernels.alloc (read in place) unless marked as JS-heap arrays',
    'ms (CPU): this process\'s CPU time per call, median over batched samples; rates and speed-ups use it. ' +
      'ms (wall) also counts time other processes held the core',
    'top-k "near last threshold": the steady state of training (the k-th |w| barely moves between steps); ' +
      '"cold": the threshold jumps every call, so that band misses and a band estimated from a sample of 4096 values ' +
      '(or, if it misses too, a full radix select) follows',
  ];
  return { rows, comparisons, notes };
}

const fmt = (x: number, digits: number): string => x.toFixed(digits);

/** Markdown tables: one of timings, one of ratios against the peers and the project's bars. */
export function formatKernelReport(report: KernelBenchReport): string {
  const ms = (x: number): string => fmt(x, x < 1 ? 4 : 2);
  const lines: string[] = [
    '| benchmark | implementation | median ms (CPU) | rate | median ms (wall) | samples |',
    '|---|---|---:|---:|---:|---:|',
  ];
  for (const r of report.rows) {
    const rate = r.unit === 'GFLOP/s' ? r.work / r.ms / 1e6 : r.work / r.ms / 1e3;
    lines.push(`| ${r.group} | ${r.name} | ${ms(r.ms)} | ${fmt(rate, 1)} ${r.unit} | ${ms(r.wallMs)} | ${r.samples} |`);
  }
  lines.push('', '| benchmark | ours | peer | speed-up (peer ms / ours ms) | bar |', '|---|---|---|---:|---|');
  for (const c of report.comparisons) {
    const bar = c.bar === undefined ? '' : `>= ${c.bar}x: ${c.speedup >= c.bar ? 'met' : 'NOT met'}`;
    lines.push(`| ${c.group} | ${c.ours} | ${c.peer} | ${fmt(c.speedup, 2)}x | ${bar} |`);
  }
  lines.push('', ...report.notes.map((n) => `- ${n}`));
  return lines.join('\n');
}
