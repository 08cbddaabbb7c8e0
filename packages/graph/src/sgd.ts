import { jsKernels, kernels } from '@dnw/tensor';
import { residentFloats } from './resident.js';
import type { ParamTree } from './model.js';
import { paramLeaves } from './tree.js';

/** A learning-rate schedule as data (checkpoints and configs carry it), evaluated per optimizer step. */
export type Schedule =
  | { readonly kind: 'constant' }
  /** Half-cosine from the base rate to 0 over `total` steps, after `warmup` steps of linear ramp. */
  | { readonly kind: 'cosine'; readonly total: number; readonly warmup: number }
  /** Multiply by `gamma` at each milestone step (the paper's CIFAR schedule: x0.1 at epochs 80, 120). */
  | { readonly kind: 'step'; readonly milestones: readonly number[]; readonly gamma: number };

export const constant = (): Schedule => ({ kind: 'constant' });
export const cosine = (total: number, warmup = 0): Schedule => {
  if (!(Number.isInteger(total) && total >= 1)) throw new RangeError(`cosine: total must be a positive integer, got ${total}`);
  if (!(Number.isInteger(warmup) && warmup >= 0 && warmup < total)) throw new RangeError(`cosine: warmup must be an integer in [0, ${total}), got ${warmup}`);
  return { kind: 'cosine', total, warmup };
};
export const step = (milestones: readonly number[], gamma = 0.1): Schedule => ({ kind: 'step', milestones: [...milestones].sort((a, b) => a - b), gamma });

/** The learning rate at optimizer step `t` (0-based) for a base rate. */
export function lrAt(schedule: Schedule, base: number, t: number): number {
  switch (schedule.kind) {
    case 'constant':
      return base;
    case 'cosine': {
      const { total, warmup } = schedule;
      if (t < warmup) return (base * (t + 1)) / warmup;
      if (t >= total) return 0;
      return 0.5 * base * (1 + Math.cos((Math.PI * (t - warmup)) / (total - warmup)));
    }
    case 'step': {
      let lr = base;
      for (const m of schedule.milestones) if (t >= m) lr *= schedule.gamma;
      return lr;
    }
  }
}

export interface SgdOptions {
  readonly lr: number;
  /** Default 0.9 (the reference's). */
  readonly momentum?: number;
  /** Applied to every parameter, chosen edges or not (the paper's rule). Default 1e-4. */
  readonly weightDecay?: number;
  readonly nesterov?: boolean;
  readonly schedule?: Schedule;
}

/** What a checkpoint keeps of an optimizer: the step count and one velocity per parameter leaf. */
export interface SgdState {
  readonly step: number;
  readonly velocity: readonly Float32Array[];
}

export interface Sgd {
  readonly options: Required<SgdOptions>;
  /** Updates the parameters' buffers in place from `grads` (same tree shape) and advances the step. */
  step(params: ParamTree, grads: ParamTree): void;
  /** The learning rate the next `step` will use. */
  lr(): number;
  state(): SgdState;
  load(state: SgdState): void;
}

/**
 * SGD with momentum and weight decay, PyTorch semantics: v = mu v + (g + wd w), then
 * w -= lr v (nesterov: w -= lr (g + wd w + mu v)). The optimizer owns its velocity buffers,
 * allocated at the first step; later steps allocate nothing.
 */
export function sgd(options: SgdOptions): Sgd {
  const opts: Required<SgdOptions> = {
    lr: options.lr,
    momentum: options.momentum ?? 0.9,
    weightDecay: options.weightDecay ?? 1e-4,
    nesterov: options.nesterov ?? false,
    schedule: options.schedule ?? constant(),
  };
  if (!(opts.lr >= 0)) throw new RangeError(`sgd: lr must be >= 0, got ${opts.lr}`);
  if (!(opts.momentum >= 0 && opts.momentum < 1)) throw new RangeError(`sgd: momentum must be in [0, 1), got ${opts.momentum}`);
  if (!(opts.weightDecay >= 0)) throw new RangeError(`sgd: weightDecay must be >= 0, got ${opts.weightDecay}`);
  let t = 0;
  let velocity: Float32Array[] = [];

  return {
    options: opts,
    lr: () => lrAt(opts.schedule, opts.lr, t),
    step(params, grads) {
      const ws = paramLeaves(params);
      const gs = paramLeaves(grads);
      if (ws.length !== gs.length) throw new RangeError(`sgd: ${gs.length} gradients for ${ws.length} parameters`);
      if (velocity.length === 0) velocity = ws.map((w) => residentFloats(w.size));
      if (velocity.length !== ws.length) throw new RangeError(`sgd: state has ${velocity.length} velocities for ${ws.length} parameters`);
      const lr = lrAt(opts.schedule, opts.lr, t);
      const { momentum: mu, weightDecay: wd, nesterov } = opts;
      const update = kernels().sgdUpdate ?? jsKernels.sgdUpdate!;
      for (let i = 0; i < ws.length; i++) {
        const w = ws[i].data;
        const g = gs[i].data;
        const v = velocity[i];
        if (g.length !== w.length || v.length !== w.length) {
          throw new RangeError(`sgd: parameter ${i} has ${w.length} entries, its gradient ${g.length}, its velocity ${v.length}`);
        }
        update(w, g, v, lr, mu, wd, nesterov);
      }
      t++;
    },
    state: () => ({ step: t, velocity: velocity.map((v) => v.slice()) }),
    load(state) {
      t = state.step;
      velocity = state.velocity.map((v) => {
        const copy = residentFloats(v.length);
        copy.set(v);
        return copy;
      });
    },
  };
}
