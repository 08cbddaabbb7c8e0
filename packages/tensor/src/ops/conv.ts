import { ShapeError, showShape } from '../errors.js';
import { record } from '../autodiff/tape.js';
import { empty, type Tensor } from '../tensor.js';
import { expectRank } from './shapes.js';

export interface DepthwiseConvOpts {
  readonly batch: number;
  readonly height: number;
  readonly width: number;
}

/**
 * The paper's per-node operation on images: channel c of x [C, B*H*W] (each channel one node's
 * feature maps, image-major then row-major) is cross-correlated with its own 3x3 kernel [C, 9]
 * (row-major taps), zero padding, stride 1, so the output has x's shape.
 */
export function depthwiseConv3x3(x: Tensor, kernel: Tensor, opts: DepthwiseConvOpts): Tensor {
  const op = 'depthwiseConv3x3';
  expectRank(op, x, 2, 'x');
  expectRank(op, kernel, 2, 'kernel');
  const { batch, height, width } = opts;
  for (const [name, v] of [['batch', batch], ['height', height], ['width', width]] as const) {
    // A fractional size can still multiply out to x's width, and would then read past an image.
    if (!Number.isInteger(v) || v < 0) throw new ShapeError(op, `${name} must be a non-negative integer, got ${v} for x ${showShape(x.shape)}`, [x.shape]);
  }
  const C = x.shape[0];
  if (x.shape[1] !== batch * height * width) {
    throw new ShapeError(op, `x ${showShape(x.shape)} is not [C, ${batch}*${height}*${width}]`, [x.shape]);
  }
  if (kernel.shape[0] !== C || kernel.shape[1] !== 9) {
    throw new ShapeError(op, `kernel ${showShape(kernel.shape)} must be [${C},9] for x ${showShape(x.shape)}`, [x.shape, kernel.shape]);
  }
  const out = empty(x.shape);
  const o = out.data;
  o.fill(0);
  const images = C * batch;
  const hw = height * width;
  const xd = x.data;
  const kd = kernel.data;
  const taps = tapWindows(height, width);
  for (let img = 0; img < images; img++) {
    const base = img * hw;
    const kb = Math.floor(img / batch) * 9;
    for (let t = 0; t < 9; t++) {
      const w = kd[kb + t];
      const { di, dj, i0, i1, j0, j1 } = taps[t];
      for (let i = i0; i < i1; i++) {
        const orow = base + i * width;
        const xrow = base + (i + di) * width + dj;
        for (let j = j0; j < j1; j++) o[orow + j] += w * xd[xrow + j];
      }
    }
  }
  return record(op, [x, kernel], out, (g, needs) => {
    const gd = g.data;
    const dx = needs[0] ? empty(x.shape) : null;
    const dk = needs[1] ? empty(kernel.shape) : null;
    dx?.data.fill(0);
    dk?.data.fill(0);
    for (let img = 0; img < images; img++) {
      const base = img * hw;
      const kb = Math.floor(img / batch) * 9;
      for (let t = 0; t < 9; t++) {
        const w = kd[kb + t];
        const { di, dj, i0, i1, j0, j1 } = taps[t];
        let acc = 0;
        for (let i = i0; i < i1; i++) {
          const grow = base + i * width;
          const xrow = base + (i + di) * width + dj;
          if (dx !== null) {
            const d = dx.data;
            for (let j = j0; j < j1; j++) d[xrow + j] += w * gd[grow + j];
          }
          if (dk !== null) for (let j = j0; j < j1; j++) acc += gd[grow + j] * xd[xrow + j];
        }
        if (dk !== null) dk.data[kb + t] += acc;
      }
    }
    return [dx, dk];
  });
}

interface TapWindow {
  /** The tap's row and column offset, each in -1..1. */
  readonly di: number;
  readonly dj: number;
  /** Output rows [i0, i1) and columns [j0, j1) where the tap lands inside the image. */
  readonly i0: number;
  readonly i1: number;
  readonly j0: number;
  readonly j1: number;
}

/**
 * The 3x3 taps in row-major order, each with the window where it lands inside a height x width
 * image, so the loops over a window need no bounds test.
 */
function tapWindows(height: number, width: number): TapWindow[] {
  const taps: TapWindow[] = [];
  for (let t = 0; t < 9; t++) {
    const di = Math.floor(t / 3) - 1;
    const dj = (t % 3) - 1;
    taps.push({ di, dj, i0: Math.max(0, -di), i1: Math.min(height, height - di), j0: Math.max(0, -dj), j1: Math.min(width, width - dj) });
  }
  return taps;
}
