// Timing for the kernel benchmarks: warm-up, then samples taken in interleaved rounds so a busy
// machine slows every case alike. Each sample times a batch of calls (at least BATCH_MS long, so
// sub-millisecond kernels are not lost in timer resolution) by wall clock and by this process's CPU
// time. CPU time leaves out the time other processes held the core, which on a shared machine
// (load average far above the core count) dwarfs the work itself.

export interface TimedCase {
  readonly name: string;
  /** Switches peers' global state (e.g. the tfjs backend) before a round of this case. */
  readonly enter?: () => Promise<void>;
  readonly run: () => void;
}

export interface TimingOptions {
  readonly rounds?: number;
  /** Per case and round: sample until both are reached (or maxSamples). */
  readonly minSamples?: number;
  readonly minMs?: number;
  readonly maxSamples?: number;
  /** Untimed time per case before the first round (lets V8 tier the wasm up). */
  readonly warmupMs?: number;
}

/** Median milliseconds per call. */
export interface Timing {
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly samples: number;
}

const BATCH_MS = 2;
const SLOW_MS = 500;

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 === 1 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
};

const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

export async function timeCases(cases: readonly TimedCase[], opts: TimingOptions = {}): Promise<Map<string, Timing>> {
  const rounds = opts.rounds ?? 3;
  const minSamples = opts.minSamples ?? 3;
  const minMs = opts.minMs ?? 150;
  const maxSamples = opts.maxSamples ?? 100;
  const warmupMs = opts.warmupMs ?? 200;
  const batch = new Map<string, number>();
  // Cases taking seconds per call (plain-JS peers at 1024^3) get one sample per round, no extra call.
  const slow = new Set<string>();
  const cpu = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  const wall = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  for (const c of cases) {
    await c.enter?.();
    let fastest = Infinity;
    const start = performance.now();
    do {
      const t0 = performance.now();
      c.run();
      fastest = Math.min(fastest, performance.now() - t0);
    } while (fastest < SLOW_MS && performance.now() - start < warmupMs);
    if (fastest >= SLOW_MS) slow.add(c.name);
    batch.set(c.name, Math.max(1, Math.ceil(BATCH_MS / Math.max(fastest, 1e-3))));
  }
  for (let r = 0; r < rounds; r++) {
    for (const c of cases) {
      await c.enter?.();
      const calls = batch.get(c.name)!;
      if (!slow.has(c.name)) c.run(); // after a peer switch, the first call may move data between backends
      const start = performance.now();
      const samples = slow.has(c.name) ? 1 : maxSamples;
      for (let i = 0; i < samples && (i < minSamples || performance.now() - start < minMs); i++) {
        const t0 = performance.now();
        const c0 = cpuNow();
        for (let j = 0; j < calls; j++) c.run();
        cpu.get(c.name)!.push((cpuNow() - c0) / calls);
        wall.get(c.name)!.push((performance.now() - t0) / calls);
      }
    }
  }
  return new Map(cases.map((c) => [c.name, { cpuMs: median(cpu.get(c.name)!), wallMs: median(wall.get(c.name)!), samples: cpu.get(c.name)!.length }]));
}
