// The layer epilogue relu(x + b) and its gradient, branch-free: V8 compiles the JS twin's
// `v > 0 ? v : 0` to a branch that mispredicts on half of a layer's units (about 9 ns per unit
// measured in the LeNet step, forward and backward together a sixth of the step).
// pmax(0, v) is `0 < v ? v : 0`: NaN and -0 give +0, as the JS twin does.

export function biasRelu(x: usize, b: usize, out: usize, rows: i32, cols: i32, hasBias: bool): void {
  const zero = f32x4.splat(0);
  for (let r = 0; r < rows; r++) {
    const bias: f32 = hasBias ? load<f32>(b + (<usize>r << 2)) : 0;
    const bv = f32x4.splat(bias);
    const xr = x + (<usize>r * <usize>cols << 2);
    const or = out + (<usize>r * <usize>cols << 2);
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = <usize>j << 2;
      v128.store(or + o, f32x4.pmax(zero, f32x4.add(v128.load(xr + o), bv)));
    }
    for (; j < cols; j++) {
      const v = load<f32>(xr + (<usize>j << 2)) + bias;
      store<f32>(or + (<usize>j << 2), v > 0 ? v : 0);
    }
  }
}

/** dx = y > 0 ? g : 0 for the epilogue's output y; with `hasDb`, db[r] = sum of row r of dx (the bias gradient). */
export function reluGrad(y: usize, g: usize, dx: usize, db: usize, rows: i32, cols: i32, hasDb: bool): void {
  const zero = f32x4.splat(0);
  for (let r = 0; r < rows; r++) {
    const base = <usize>r * <usize>cols << 2;
    let acc = zero;
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = base + (<usize>j << 2);
      const d = v128.and(v128.load(g + o), f32x4.gt(v128.load(y + o), zero));
      v128.store(dx + o, d);
      acc = f32x4.add(acc, d);
    }
    let s = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
    for (; j < cols; j++) {
      const o = base + (<usize>j << 2);
      const d: f32 = load<f32>(y + o) > 0 ? load<f32>(g + o) : 0;
      store<f32>(dx + o, d);
      s += d;
    }
    if (hasDb) store<f32>(db + (<usize>r << 2), s);
  }
}
