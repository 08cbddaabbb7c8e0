// Timing for the kernel benchmarks: warm-up, then samples taken in interleaved rounds so a busy
// machine slows every case alike; the figure reported is the median sample.

export interface TimedCase {
  readonly name: string;
  /** Switches peers' global state (e.g. the tfjs backend) before a round of this case. */
  readonly enter?: () => Promise<void>;
  readonly run: () => void;
}

export interface TimingOptions {
  readonly rounds?: number;
  /** Per case and round: sample until both are reached (or maxRuns). */
  readonly minRuns?: number;
  readonly minMs?: number;
  readonly maxRuns?: number;
  /** Untimed time per case before the first round (lets V8 tier the wasm up). */
  readonly warmupMs?: number;
}

const SLOW_MS = 500;

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 === 1 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
};

/** Median milliseconds per case, by name. */
export async function timeCases(cases: readonly TimedCase[], opts: TimingOptions = {}): Promise<Map<string, number>> {
  const rounds = opts.rounds ?? 3;
  const minRuns = opts.minRuns ?? 3;
  const minMs = opts.minMs ?? 150;
  const maxRuns = opts.maxRuns ?? 200;
  const warmupMs = opts.warmupMs ?? 200;
  const samples = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  // Cases taking seconds per call (plain-JS peers at 1024^3) get one sample per round, no extra calls.
  const slow = new Set<string>();
  for (const c of cases) {
    await c.enter?.();
    const t0 = performance.now();
    c.run();
    if (performance.now() - t0 > SLOW_MS) slow.add(c.name);
    else while (performance.now() - t0 < warmupMs) c.run();
  }
  for (let r = 0; r < rounds; r++) {
    for (const c of cases) {
      await c.enter?.();
      const times = samples.get(c.name)!;
      if (slow.has(c.name)) {
        const t0 = performance.now();
        c.run();
        times.push(performance.now() - t0);
        continue;
      }
      c.run(); // after a peer switch, the first call may move data between backends
      const start = performance.now();
      for (let i = 0; i < maxRuns && (i < minRuns || performance.now() - start < minMs); i++) {
        const t0 = performance.now();
        c.run();
        times.push(performance.now() - t0);
      }
    }
  }
  return new Map([...samples].map(([name, times]) => [name, median(times)]));
}
