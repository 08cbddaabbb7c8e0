// Batch normalisation of node-major states without an affine part (the static graph's blocks):
// each row (a node over the batch) is normalised over its own contiguous entries. Sums run in
// 4 lanes and are added up in f64.

// @ts-ignore: decorator
@inline
function hsum(v: v128): f64 {
  return <f64>f32x4.extract_lane(v, 0) + <f64>f32x4.extract_lane(v, 1) + <f64>f32x4.extract_lane(v, 2) + <f64>f32x4.extract_lane(v, 3);
}

/**
 * out = (x - mean) * invstd per row, invstd = 1 / sqrt(variance + eps). With `given` the row
 * statistics are read from mean and variance (evaluation); otherwise the batch's mean and biased
 * variance are computed and written there.
 */
export function normRows(x: usize, out: usize, rows: i32, cols: i32, eps: f64, mean: usize, variance: usize, invstd: usize, given: bool): void {
  for (let r = 0; r < rows; r++) {
    const xr = x + (<usize>r * <usize>cols << 2);
    const or = out + (<usize>r * <usize>cols << 2);
    let mu: f64;
    let v: f64;
    if (given) {
      mu = <f64>load<f32>(mean + (<usize>r << 2));
      v = <f64>load<f32>(variance + (<usize>r << 2));
    } else {
      let acc = f32x4.splat(0);
      let j = 0;
      for (; j + 4 <= cols; j += 4) acc = f32x4.add(acc, v128.load(xr + (<usize>j << 2)));
      let s = hsum(acc);
      for (; j < cols; j++) s += <f64>load<f32>(xr + (<usize>j << 2));
      mu = s / <f64>cols;
      const mv = f32x4.splat(<f32>mu);
      let q = f32x4.splat(0);
      j = 0;
      for (; j + 4 <= cols; j += 4) {
        const d = f32x4.sub(v128.load(xr + (<usize>j << 2)), mv);
        q = f32x4.add(q, f32x4.mul(d, d));
      }
      let qs = hsum(q);
      for (; j < cols; j++) {
        const d = <f64>load<f32>(xr + (<usize>j << 2)) - mu;
        qs += d * d;
      }
      v = qs / <f64>cols;
      store<f32>(mean + (<usize>r << 2), <f32>mu);
      store<f32>(variance + (<usize>r << 2), <f32>v);
    }
    const is = 1 / Math.sqrt(v + eps);
    store<f32>(invstd + (<usize>r << 2), <f32>is);
    const mv = f32x4.splat(<f32>mu);
    const iv = f32x4.splat(<f32>is);
    let j = 0;
    for (; j + 4 <= cols; j += 4) v128.store(or + (<usize>j << 2), f32x4.mul(f32x4.sub(v128.load(xr + (<usize>j << 2)), mv), iv));
    for (; j < cols; j++) store<f32>(or + (<usize>j << 2), <f32>((<f64>load<f32>(xr + (<usize>j << 2)) - mu) * is));
  }
}

/**
 * dx of normRows from the cotangent g and the output xhat: with batch statistics
 * dx = invstd / n (n g - sum g - xhat sum(g xhat)); with `fixed` (given) statistics dx = g invstd.
 */
export function normRowsGrad(g: usize, xhat: usize, invstd: usize, dx: usize, rows: i32, cols: i32, fixed: bool): void {
  for (let r = 0; r < rows; r++) {
    const base = <usize>r * <usize>cols << 2;
    const is = load<f32>(invstd + (<usize>r << 2));
    let j = 0;
    if (fixed) {
      const iv = f32x4.splat(is);
      for (; j + 4 <= cols; j += 4) {
        const o = base + (<usize>j << 2);
        v128.store(dx + o, f32x4.mul(v128.load(g + o), iv));
      }
      for (; j < cols; j++) store<f32>(dx + base + (<usize>j << 2), load<f32>(g + base + (<usize>j << 2)) * is);
      continue;
    }
    let a1 = f32x4.splat(0);
    let a2 = f32x4.splat(0);
    for (; j + 4 <= cols; j += 4) {
      const o = base + (<usize>j << 2);
      const gv = v128.load(g + o);
      a1 = f32x4.add(a1, gv);
      a2 = f32x4.add(a2, f32x4.mul(gv, v128.load(xhat + o)));
    }
    let s1 = hsum(a1);
    let s2 = hsum(a2);
    for (; j < cols; j++) {
      const gj = <f64>load<f32>(g + base + (<usize>j << 2));
      s1 += gj;
      s2 += gj * <f64>load<f32>(xhat + base + (<usize>j << 2));
    }
    const k = <f32>(<f64>is / <f64>cols);
    const nv = f32x4.splat(<f32>cols);
    const s1v = f32x4.splat(<f32>s1);
    const s2v = f32x4.splat(<f32>s2);
    const kv = f32x4.splat(k);
    j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = base + (<usize>j << 2);
      const t = f32x4.sub(f32x4.sub(f32x4.mul(nv, v128.load(g + o)), s1v), f32x4.mul(v128.load(xhat + o), s2v));
      v128.store(dx + o, f32x4.mul(kv, t));
    }
    for (; j < cols; j++) {
      const o = base + (<usize>j << 2);
      store<f32>(dx + o, <f32>(<f64>k * (<f64>cols * <f64>load<f32>(g + o) - s1 - <f64>load<f32>(xhat + o) * s2)));
    }
  }
}
