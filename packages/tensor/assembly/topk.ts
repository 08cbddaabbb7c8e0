// Top-k by magnitude as a radix select on the bits of |x|: for non-negative floats the IEEE bit
// pattern orders like the value, so the k-th largest key is found digit by digit (11, 10, 10 bits)
// with one histogram per digit, and only the first pass reads all n values.

// Every NaN maps to one key just above +Infinity (0x7f800000), so NaNs tie with each other (lower
// index wins) and outrank everything else.
const NAN_KEY: i32 = 0x7f800001;
const ABS_MASK: i32 = 0x7fffffff;
const HIST1: i32 = 2048; // bits 30..20
const HIST2: i32 = 1024; // bits 19..10, then 9..0

/** Bytes of scratch `topkMask` needs for n values. */
export function topkScratchBytes(n: i32): i32 {
  return (HIST1 << 2) + (n << 2);
}

// @ts-ignore: decorator
@inline
function keyAt(x: usize, i: i32): i32 {
  return min(load<i32>(x + (<usize>i << 2)) & ABS_MASK, NAN_KEY);
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
  const cand = scratch + (<usize>HIST1 << 2);
  memory.fill(hist, 0, <usize>HIST1 << 2);

  // Digit 1 reads all n values in place.
  const absMask = i32x4.splat(ABS_MASK);
  const nanKey = i32x4.splat(NAN_KEY);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const keys = i32x4.min_s(v128.and(v128.load(x + (<usize>i << 2)), absMask), nanKey);
    const h0 = hist + (<usize>(i32x4.extract_lane(keys, 0) >>> 20) << 2);
    store<i32>(h0, load<i32>(h0) + 1);
    const h1 = hist + (<usize>(i32x4.extract_lane(keys, 1) >>> 20) << 2);
    store<i32>(h1, load<i32>(h1) + 1);
    const h2 = hist + (<usize>(i32x4.extract_lane(keys, 2) >>> 20) << 2);
    store<i32>(h2, load<i32>(h2) + 1);
    const h3 = hist + (<usize>(i32x4.extract_lane(keys, 3) >>> 20) << 2);
    store<i32>(h3, load<i32>(h3) + 1);
  }
  for (; i < n; i++) {
    const h = hist + (<usize>(keyAt(x, i) >>> 20) << 2);
    store<i32>(h, load<i32>(h) + 1);
  }
  const b1 = findBucket(hist, HIST1, k);
  const lo = b1 << 20;
  const count = collectBand(x, n, lo, lo | 0xfffff, cand);
  const t = selectAmong(cand, count, k - above, 10, lo, hist);
  writeMask(x, n, t, ties, equal, out);
  return t;
}

/**
 * The same result as topkMask when the threshold lies in the key band [lo, hi] (e.g. around last
 * step's threshold, which barely moves): one counting pass that also collects the band's keys, an
 * exact select inside the band, and the mask. Returns -1 without writing out when the k-th largest
 * key is outside the band; the caller then runs topkMask.
 */
export function topkBand(x: usize, n: i32, k: i32, out: usize, scratch: usize, lo: i32, hi: i32): i32 {
  if (k <= 0 || k >= n) return topkMask(x, n, k, out, scratch);
  const hist = scratch;
  const cand = scratch + (<usize>HIST1 << 2);
  const count = collectBand(x, n, lo, hi, cand);
  const gt = above; // keys > hi, counted by collectBand
  if (gt >= k || gt + count < k) return -1;
  const t = selectAmong(cand, count, k - gt, 20, 0, hist);
  writeMask(x, n, t, ties, equal, out);
  return t;
}

/**
 * Copies the keys in [lo, hi] to cand (in index order) and returns how many; leaves the number of
 * keys above hi in `above`. SIMD tests 4 keys at a time; only blocks with a band key go scalar.
 */
function collectBand(x: usize, n: i32, lo: i32, hi: i32, cand: usize): i32 {
  const absMask = i32x4.splat(ABS_MASK);
  const nanKey = i32x4.splat(NAN_KEY);
  const loV = i32x4.splat(lo);
  const hiV = i32x4.splat(hi);
  let gtAcc = i32x4.splat(0);
  let count = 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const keys = i32x4.min_s(v128.and(v128.load(x + (<usize>i << 2)), absMask), nanKey);
    const gt = i32x4.gt_s(keys, hiV);
    gtAcc = i32x4.sub(gtAcc, gt); // true lanes are -1
    const inBand = v128.andnot(i32x4.ge_s(keys, loV), gt);
    if (v128.any_true(inBand)) {
      for (let j = i; j < i + 4; j++) {
        const key = keyAt(x, j);
        if (key >= lo && key <= hi) {
          store<i32>(cand + (<usize>count << 2), key);
          count++;
        }
      }
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
  const absMask = i32x4.splat(ABS_MASK);
  const nanKey = i32x4.splat(NAN_KEY);
  const tv = i32x4.splat(t);
  const one = i8x16.splat(1);
  const allTies = ties == equal;
  let left = ties;
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const p = x + (<usize>i << 2);
    const k0 = i32x4.min_s(v128.and(v128.load(p), absMask), nanKey);
    const k1 = i32x4.min_s(v128.and(v128.load(p, 16), absMask), nanKey);
    const k2 = i32x4.min_s(v128.and(v128.load(p, 32), absMask), nanKey);
    const k3 = i32x4.min_s(v128.and(v128.load(p, 48), absMask), nanKey);
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
