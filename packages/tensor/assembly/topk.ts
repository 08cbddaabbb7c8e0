// Top-k by magnitude as a radix select on the bits of |x|: for non-negative floats the IEEE bit
// pattern orders like the value, so the k-th largest key is found digit by digit (11, 10, 10 bits)
// with one histogram per digit, and only the first pass reads all n values.

// Every NaN maps to one key just above +Infinity (0x7f800000), so NaNs tie with each other (lower
// index wins) and outrank everything else.
const NAN_KEY: i32 = 0x7f800001;
const ABS_MASK: i32 = 0x7fffffff;
const HIST1: i32 = 2048; // bits 30..20
const HIST2: i32 = 1024; // bits 19..10, then 9..0
const LANES: i32 = 4; // histograms in the first pass, one per SIMD lane

/** Bytes of scratch `topkMask` needs for n values. */
export function topkScratchBytes(n: i32): i32 {
  return (HIST1 * LANES << 2) + (n << 2);
}

// @ts-ignore: decorator
@inline
function keyAt(x: usize, i: i32): i32 {
  return min(load<i32>(x + (<usize>i << 2)) & ABS_MASK, NAN_KEY);
}

/** keyAt for the four values at byte address p. */
// @ts-ignore: decorator
@inline
function keysAt(p: usize): v128 {
  return i32x4.min_s(v128.and(v128.load(p), i32x4.splat(ABS_MASK)), i32x4.splat(NAN_KEY));
}

// Second result of findBucket: how many counted keys lie in buckets above the one returned.
let above: i32 = 0;

/** Returns the bucket holding the k-th largest key (1-based), scanning hist from the top. */
function findBucket(hist: usize, buckets: i32, k: i32): i32 {
  let seen = 0;
  for (let b = buckets - 1; b > 0; b--) {
    const c = load<i32>(hist + (<usize>b << 2));
    if (seen + c >= k) {
      above = seen;
      return b;
    }
    seen += c;
  }
  above = seen;
  return 0;
}

/**
 * out[i] = 1 for the k entries of largest |x[i]| (ties: lower index), else 0. `scratch` holds
 * topkScratchBytes(n) bytes. Returns the threshold key (the k-th largest), or -1 if k <= 0 or k >= n.
 */
export function topkMask(x: usize, n: i32, k: i32, out: usize, scratch: usize): i32 {
  if (k <= 0) {
    memory.fill(out, 0, <usize>n);
    return -1;
  }
  if (k >= n) {
    memory.fill(out, 1, <usize>n);
    return -1;
  }
  const hist = scratch;
  const cand = scratch + (<usize>(HIST1 * LANES) << 2);
  memory.fill(hist, 0, <usize>(HIST1 * LANES) << 2);

  // Digit 1 reads all n values in place. Each SIMD lane counts into its own histogram: most keys
  // fall in a few buckets, and increments of one counter back to back would wait on each other.
  const h1 = hist + (<usize>HIST1 << 2);
  const h2 = h1 + (<usize>HIST1 << 2);
  const h3 = h2 + (<usize>HIST1 << 2);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const keys = keysAt(x + (<usize>i << 2));
    const b = i32x4.shl(i32x4.shr_u(keys, 20), 2); // byte offsets of the buckets
    const p0 = hist + <usize>i32x4.extract_lane(b, 0);
    store<i32>(p0, load<i32>(p0) + 1);
    const p1 = h1 + <usize>i32x4.extract_lane(b, 1);
    store<i32>(p1, load<i32>(p1) + 1);
    const p2 = h2 + <usize>i32x4.extract_lane(b, 2);
    store<i32>(p2, load<i32>(p2) + 1);
    const p3 = h3 + <usize>i32x4.extract_lane(b, 3);
    store<i32>(p3, load<i32>(p3) + 1);
  }
  for (; i < n; i++) {
    const h = hist + (<usize>(keyAt(x, i) >>> 20) << 2);
    store<i32>(h, load<i32>(h) + 1);
  }
  for (let j = 0; j < HIST1; j += 4) {
    const o = <usize>j << 2;
    v128.store(hist + o, i32x4.add(i32x4.add(v128.load(hist + o), v128.load(h1 + o)), i32x4.add(v128.load(h2 + o), v128.load(h3 + o))));
  }
  const b1 = findBucket(hist, HIST1, k);
  const lo = b1 << 20;
  const count = collectBand(x, n, lo, lo | 0xfffff, cand, n);
  const t = selectAmong(cand, count, k - above, 10, lo, hist);
  writeMask(x, n, t, ties, equal, out);
  return t;
}

/**
 * topkMask's result, found the cheapest way that works: first in the key band [lo, hi] if lo <= hi
 * (the caller's guess, e.g. around last step's threshold), then in a band estimated from a sample,
 * and only then by the full radix select. Returns the threshold key, or -1 if k <= 0 or k >= n.
 */
export function topkSelect(x: usize, n: i32, k: i32, out: usize, scratch: usize, lo: i32, hi: i32): i32 {
  if (k <= 0 || k >= n) return topkMask(x, n, k, out, scratch);
  if (lo <= hi) {
    const t = topkBand(x, n, k, out, scratch, lo, hi);
    if (t >= 0) return t;
  }
  if (n >= SAMPLED_MIN_N) {
    sampleBand(x, n, k, scratch);
    const t = topkBand(x, n, k, out, scratch, bandLo, bandHi);
    if (t >= 0) return t;
  }
  return topkMask(x, n, k, out, scratch);
}

const SAMPLE: i32 = 4096;
// Below this a sample is too large a share of the work.
const SAMPLED_MIN_N: i32 = 16 * SAMPLE;
let bandLo: i32 = 0;
let bandHi: i32 = 0;

/**
 * Sets [bandLo, bandHi] to a key band that holds the k-th largest key with high probability (for
 * values in no particular order): the ranks k*S/n -+ 3.5 standard deviations of a strided sample of S keys.
 * A wrong guess costs one pass; topkSelect then falls back to the full select.
 */
function sampleBand(x: usize, n: i32, k: i32, scratch: usize): void {
  const hist = scratch;
  const a = scratch + (<usize>(HIST1 * LANES) << 2);
  const b = a + (<usize>SAMPLE << 2);
  const stride = n / SAMPLE;
  for (let j = 0; j < SAMPLE; j++) store<i32>(a + (<usize>j << 2), keyAt(x, j * stride + (stride >> 1)));
  const r = <f64>k * <f64>SAMPLE / <f64>n;
  const d = 3.5 * Math.sqrt(r * (1 - r / <f64>SAMPLE)) + 2;
  const rankHi = <i32>Math.max(1, Math.floor(r - d));
  const rankLo = <i32>Math.min(<f64>SAMPLE, Math.ceil(r + d));
  memory.copy(b, a, <usize>SAMPLE << 2);
  bandHi = rankHi <= 1 ? NAN_KEY : selectAmong(b, SAMPLE, rankHi, 20, 0, hist);
  bandLo = rankLo >= SAMPLE ? 0 : selectAmong(a, SAMPLE, rankLo, 20, 0, hist);
}

/**
 * The same result as topkMask when the threshold lies in the key band [lo, hi] (e.g. around last
 * step's threshold, which barely moves): one counting pass that also collects the band's keys, an
 * exact select inside the band, and the mask. Returns -1 without writing out when the k-th largest
 * key is outside the band; the caller then runs topkMask.
 */
function topkBand(x: usize, n: i32, k: i32, out: usize, scratch: usize, lo: i32, hi: i32): i32 {
  const hist = scratch;
  const cand = scratch + (<usize>(HIST1 * LANES) << 2);
  // A band holding more than 1/8 of the keys costs more than it saves: give up early.
  const count = collectBand(x, n, lo, hi, cand, max(1024, n >> 3));
  const gt = above; // keys > hi, counted by collectBand
  if (count < 0 || gt >= k || gt + count < k) return -1;
  const t = selectAmong(cand, count, k - gt, 20, 0, hist);
  writeMask(x, n, t, ties, equal, out);
  return t;
}

/**
 * Copies the keys in [lo, hi] to cand (in index order) and returns how many, or -1 as soon as there
 * are more than `cap`; leaves the number of keys above hi in `above`. SIMD tests 4 keys at a time;
 * only blocks with a band key go scalar.
 */
function collectBand(x: usize, n: i32, lo: i32, hi: i32, cand: usize, cap: i32): i32 {
  const loV = i32x4.splat(lo);
  const hiV = i32x4.splat(hi);
  let gtAcc = i32x4.splat(0);
  let count = 0;
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const p = x + (<usize>i << 2);
    const k0 = keysAt(p);
    const k1 = keysAt(p + 16);
    const k2 = keysAt(p + 32);
    const k3 = keysAt(p + 48);
    const g0 = i32x4.gt_s(k0, hiV), g1 = i32x4.gt_s(k1, hiV), g2 = i32x4.gt_s(k2, hiV), g3 = i32x4.gt_s(k3, hiV);
    gtAcc = i32x4.sub(gtAcc, i32x4.add(i32x4.add(g0, g1), i32x4.add(g2, g3))); // true lanes are -1
    // One bit per lane inside the band; only those lanes cost scalar work.
    let bits =
      i32x4.bitmask(v128.andnot(i32x4.ge_s(k0, loV), g0)) |
      (i32x4.bitmask(v128.andnot(i32x4.ge_s(k1, loV), g1)) << 4) |
      (i32x4.bitmask(v128.andnot(i32x4.ge_s(k2, loV), g2)) << 8) |
      (i32x4.bitmask(v128.andnot(i32x4.ge_s(k3, loV), g3)) << 12);
    if (bits != 0) {
      if (count > cap) return -1;
      do {
        store<i32>(cand + (<usize>count << 2), keyAt(x, i + ctz(bits)));
        count++;
        bits &= bits - 1;
      } while (bits != 0);
    }
  }
  let gtCount = i32x4.extract_lane(gtAcc, 0) + i32x4.extract_lane(gtAcc, 1) + i32x4.extract_lane(gtAcc, 2) + i32x4.extract_lane(gtAcc, 3);
  for (; i < n; i++) {
    const key = keyAt(x, i);
    if (key > hi) gtCount++;
    else if (key >= lo) {
      store<i32>(cand + (<usize>count << 2), key);
      count++;
    }
  }
  above = gtCount;
  return count;
}

// Second and third results of selectAmong.
let ties: i32 = 0; // how many keys equal to the threshold are chosen
let equal: i32 = 0; // how many keys equal the threshold

/**
 * The need-th largest of cand[0..count) by radix digits from bit `shift` down (11 bits at shift 20,
 * 10 below), filtering cand in place; `prefix` holds the bits above `shift` they all share.
 */
function selectAmong(cand: usize, count: i32, need: i32, shift: i32, prefix: i32, hist: usize): i32 {
  for (; shift >= 0; shift -= 10) {
    const buckets = shift == 20 ? HIST1 : HIST2;
    const digit = buckets - 1;
    memory.fill(hist, 0, <usize>buckets << 2);
    for (let j = 0; j < count; j++) {
      const h = hist + (<usize>((load<i32>(cand + (<usize>j << 2)) >>> shift) & digit) << 2);
      store<i32>(h, load<i32>(h) + 1);
    }
    const b = findBucket(hist, buckets, need);
    need -= above;
    prefix |= b << shift;
    if (shift > 0) {
      let kept = 0;
      for (let j = 0; j < count; j++) {
        const key = load<i32>(cand + (<usize>j << 2));
        if (((key >>> shift) & digit) == b) {
          store<i32>(cand + (<usize>kept << 2), key);
          kept++;
        }
      }
      count = kept;
    } else {
      equal = load<i32>(hist + (<usize>b << 2));
    }
  }
  ties = need;
  return prefix;
}

/**
 * out[i] = key > t, plus the first `ties` indices whose key equals t. `equal` is how many keys equal
 * t; when all of them are taken, no lane needs scalar treatment.
 */
function writeMask(x: usize, n: i32, t: i32, ties: i32, equal: i32, out: usize): void {
  const tv = i32x4.splat(t);
  const one = i8x16.splat(1);
  const allTies = ties == equal;
  let left = ties;
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const p = x + (<usize>i << 2);
    const k0 = keysAt(p);
    const k1 = keysAt(p + 16);
    const k2 = keysAt(p + 32);
    const k3 = keysAt(p + 48);
    if (allTies) {
      const g = i8x16.narrow_i16x8_s(
        i16x8.narrow_i32x4_s(i32x4.ge_s(k0, tv), i32x4.ge_s(k1, tv)),
        i16x8.narrow_i32x4_s(i32x4.ge_s(k2, tv), i32x4.ge_s(k3, tv)),
      );
      v128.store(out + <usize>i, v128.and(g, one));
      continue;
    }
    const g = i8x16.narrow_i16x8_s(
      i16x8.narrow_i32x4_s(i32x4.gt_s(k0, tv), i32x4.gt_s(k1, tv)),
      i16x8.narrow_i32x4_s(i32x4.gt_s(k2, tv), i32x4.gt_s(k3, tv)),
    );
    v128.store(out + <usize>i, v128.and(g, one));
    if (left > 0) {
      const e = v128.or(v128.or(i32x4.eq(k0, tv), i32x4.eq(k1, tv)), v128.or(i32x4.eq(k2, tv), i32x4.eq(k3, tv)));
      if (v128.any_true(e)) {
        for (let j = i; j < i + 16 && left > 0; j++) {
          if (keyAt(x, j) == t) {
            store<u8>(out + <usize>j, 1);
            left--;
          }
        }
      }
    }
  }
  for (; i < n; i++) {
    const key = keyAt(x, i);
    let v: u8 = 0;
    if (key > t) v = 1;
    else if (key == t && left > 0) {
      v = 1;
      left--;
    }
    store<u8>(out + <usize>i, v);
  }
}
