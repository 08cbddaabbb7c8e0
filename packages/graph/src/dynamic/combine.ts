import { customVjp, empty, ShapeError, showShape, type Tensor } from '@dnw/tensor';

/**
 * Small differentiable ops the dynamic graphs need and the tensor package does not have. Each is
 * one recorded op (instead of chains of `scale` and `add`), so a Runge-Kutta stage costs one tape
 * node and one arena buffer.
 */

/**
 * sum_i coeffs[i] * terms[i] (all the same shape): a Runge-Kutta stage input or update. Terms with a
 * zero coefficient should be left out by the caller (they would only cost a pass).
 * Accumulates each element in double precision, so a long stage does not add float32 roundoff
 * per term.
 */
export function linearCombination(terms: readonly Tensor[], coeffs: readonly number[]): Tensor {
  if (terms.length === 0 || terms.length !== coeffs.length) {
    throw new RangeError(`linearCombination: ${terms.length} terms for ${coeffs.length} coefficients`);
  }
  const shape = terms[0].shape;
  for (const t of terms) {
    if (t.size !== terms[0].size || t.rank !== terms[0].rank || t.shape.some((d, i) => d !== shape[i])) {
      throw new ShapeError('linearCombination', `terms differ in shape: ${showShape(shape)} and ${showShape(t.shape)}`, [shape, t.shape]);
    }
  }
  const c = coeffs.slice();
  const op = customVjp(
    (...ts: Tensor[]) => {
      const out = empty(shape);
      const o = out.data;
      const n = o.length;
      const m = ts.length;
      if (m === 2) {
        const a = ts[0].data, b = ts[1].data, ca = c[0], cb = c[1];
        for (let j = 0; j < n; j++) o[j] = ca * a[j] + cb * b[j];
      } else {
        const data = ts.map((t) => t.data);
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let i = 0; i < m; i++) s += c[i] * data[i][j];
          o[j] = s;
        }
      }
      return { out, residuals: null };
    },
    (_r, g) =>
      c.map((ci) => {
        if (ci === 1) return g;
        const d = empty(g.shape);
        const dd = d.data, gd = g.data;
        for (let j = 0; j < dd.length; j++) dd[j] = ci * gd[j];
        return d;
      }),
    { label: 'linearCombination' },
  );
  return op(...terms);
}

/**
 * z [nodes, cols] with its first `rows` rows replaced by `source` ([rows, cols], a constant such as
 * the data) or by zeros (source null). The gradient reaches z's other rows only: clamped nodes
 * do not depend on what flowed into them.
 */
export function clampRows(z: Tensor, rows: number, source: Tensor | null): Tensor {
  if (z.rank !== 2 || rows > z.shape[0]) {
    throw new ShapeError('clampRows', `cannot clamp ${rows} rows of ${showShape(z.shape)}`, [z.shape]);
  }
  const cols = z.shape[1];
  if (source !== null && (source.rank !== 2 || source.shape[0] !== rows || source.shape[1] !== cols)) {
    throw new ShapeError('clampRows', `source ${showShape(source.shape)} does not fit rows [0,${rows}) of ${showShape(z.shape)}`, [z.shape, source.shape]);
  }
  const head = rows * cols;
  const op = customVjp(
    (zz: Tensor) => {
      const out = empty(zz.shape);
      if (source === null) out.data.fill(0, 0, head);
      else out.data.set(source.data.subarray(0, head));
      out.data.set(zz.data.subarray(head), head);
      return { out, residuals: null };
    },
    (_r, g) => {
      const d = empty(g.shape);
      d.data.fill(0, 0, head);
      d.data.set(g.data.subarray(head), head);
      return [d];
    },
    { label: 'clampRows' },
  );
  return op(z);
}
