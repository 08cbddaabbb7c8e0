/**
 * Seeded randomness: xoshiro128** (Blackman and Vigna) seeded through splitmix32. Everything is
 * 32-bit integer math plus IEEE-exact double operations (+, *, /, sqrt) and our own logarithm, so a
 * seed gives the same numbers on every platform and engine (Math.log/cos are not required by the
 * spec to be correctly rounded, so they are avoided).
 */

export interface RngState {
  readonly s: readonly [number, number, number, number];
  /** The second normal of the last polar pair, not yet returned. */
  readonly spare: number | null;
}

export interface Rng {
  /** A uint32. */
  nextU32(): number;
  /** Uniform in [0, 1) with 24 random bits (every value is exact in float32). */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
  /** Uniform integer in [0, n), unbiased; n in [1, 2^32]. */
  int(n: number): number;
  /** A uniformly random permutation of 0..n-1. */
  permutation(n: number): Int32Array;
  /** Fisher-Yates shuffle in place; returns `arr`. */
  shuffle<T extends { length: number; [i: number]: unknown }>(arr: T): T;
  fillUniform<B extends Float32Array | Float64Array>(buf: B, lo?: number, hi?: number): B;
  fillNormal<B extends Float32Array | Float64Array>(buf: B, mean?: number, std?: number): B;
  /**
   * An independent generator: the child continues this stream, and this generator jumps 2^64
   * draws ahead, so the two never overlap in any realistic run.
   */
  fork(): Rng;
  /** Everything needed to resume this exact stream with `fromState`. */
  state(): RngState;
}

/** The splitmix32 finaliser: spreads consecutive seeds over the whole state space. */
const mix32 = (x: number): number => {
  let z = x | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
};

const JUMP = [0x8764000b, 0xf542d2d3, 0x6fa035c3, 0x77f2db5b] as const;
const TWO_POW_M24 = 1 / 16777216;
const TWO_POW_32 = 4294967296;
const LN2 = 0.6931471805599453;
const SQRT_HALF = 0.7071067811865476;

/**
 * Natural log of x in (0, 1] from exact operations only: scale by powers of two into
 * [sqrt(1/2), sqrt(2)), then ln m = 2 atanh((m-1)/(m+1)) by its series (|s| < 0.172, so 11 terms
 * reach double precision).
 */
export function portableLog(x: number): number {
  let e = 0;
  let m = x;
  while (m < SQRT_HALF) {
    m *= 2;
    e--;
  }
  while (m >= 2 * SQRT_HALF) {
    m *= 0.5;
    e++;
  }
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  let term = s;
  let acc = 0;
  for (let k = 1; k <= 23; k += 2) {
    acc += term / k;
    term *= s2;
  }
  return e * LN2 + 2 * acc;
}

class Xoshiro128 implements Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare: number | null;

  constructor(s: readonly [number, number, number, number], spare: number | null) {
    [this.s0, this.s1, this.s2, this.s3] = s.map((v) => v | 0);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the all-zero state is a fixed point
    this.spare = spare;
  }

  nextU32(): number {
    const s1 = this.s1;
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return r >>> 0;
  }

  uniform(): number {
    return (this.nextU32() >>> 8) * TWO_POW_M24;
  }

  normal(): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return z;
    }
    // Marsaglia's polar method: needs only sqrt and log, both portable here.
    for (;;) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const q = u * u + v * v;
      if (q > 0 && q < 1) {
        const f = Math.sqrt((-2 * portableLog(q)) / q);
        this.spare = v * f;
        return u * f;
      }
    }
  }

  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) throw new RangeError(`rng.int: n must be an integer in [1, 2^32], got ${n}`);
    // Reject the top sliver of uint32 values that would favour small results.
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    for (;;) {
      const r = this.nextU32();
      if (r < limit) return r % n;
    }
  }

  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  shuffle<T extends { length: number; [i: number]: unknown }>(arr: T): T {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = arr[i];
      arr[i] = arr[j];
      arr[j] = tmp;
    }
    return arr;
  }

  fillUniform<B extends Float32Array | Float64Array>(buf: B, lo = 0, hi = 1): B {
    const w = hi - lo;
    for (let i = 0; i < buf.length; i++) buf[i] = lo + w * this.uniform();
    return buf;
  }

  fillNormal<B extends Float32Array | Float64Array>(buf: B, mean = 0, std = 1): B {
    for (let i = 0; i < buf.length; i++) buf[i] = mean + std * this.normal();
    return buf;
  }

  fork(): Rng {
    const child = new Xoshiro128([this.s0, this.s1, this.s2, this.s3], null);
    this.jump();
    return child;
  }

  state(): RngState {
    return { s: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0], spare: this.spare };
  }

  private jump(): void {
    let a = 0;
    let b = 0;
    let c = 0;
    let d = 0;
    for (const word of JUMP) {
      for (let bit = 0; bit < 32; bit++) {
        if ((word >>> bit) & 1) {
          a ^= this.s0;
          b ^= this.s1;
          c ^= this.s2;
          d ^= this.s3;
        }
        this.nextU32();
      }
    }
    this.s0 = a;
    this.s1 = b;
    this.s2 = c;
    this.s3 = d;
  }
}

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

/** A generator from a seed (any number; it is reduced to 32 bits). */
export function rng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new RangeError(`rng: seed must be a finite number, got ${seed}`);
  // Fold the high bits of large integer seeds in, so 2^32 + 1 and 1 differ.
  const lo = seed >>> 0;
  const hi = Math.floor(seed / TWO_POW_32) >>> 0;
  let z = lo ^ Math.imul(hi, 0x27d4eb2d);
  const s: [number, number, number, number] = [0, 0, 0, 0];
  for (let i = 0; i < 4; i++) {
    z = (z + 0x9e3779b9) | 0;
    s[i] = mix32(z);
  }
  return new Xoshiro128(s, null);
}

/** Resume a generator exactly where `state()` was taken. */
export function fromState(state: RngState): Rng {
  return new Xoshiro128(state.s, state.spare);
}
