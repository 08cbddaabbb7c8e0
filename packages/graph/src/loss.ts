import { kernels, softmaxCrossEntropy, Tensor, valueAndGrad, withArena } from '@dnw/tensor';
import type { Model, ParamTree } from './model.js';

export interface Batch {
  /** Data, node-major: [features, batch]. */
  readonly x: Tensor;
  /** One class index per example. */
  readonly labels: Uint8Array | Int32Array;
}

export interface LossAndGrad {
  /** Mean cross-entropy of the batch. */
  readonly loss: number;
  /** Gradients mirroring `model.params`. Valid until the next `lossAndGrad` call on this model. */
  readonly grads: ParamTree;
}

type StepFn = (params: ParamTree, x: Tensor, labels: Uint8Array | Int32Array) => [number, ParamTree];
type EvalFn = (params: ParamTree, x: Tensor) => Tensor;

// One traced function per model: its arena is what makes every step after the first allocation-free.
const steps = new WeakMap<Model, StepFn>();
const evals = new WeakMap<Model, EvalFn>();

/**
 * Loss and gradients of one training step (training mode: dropout draws from `model.rng`). The
 * gradient buffers belong to the model's arena and are overwritten by its next call: apply them
 * (SGD) before calling again, or copy them.
 */
export function lossAndGrad(model: Model, batch: Batch): LossAndGrad {
  let f = steps.get(model);
  if (f === undefined) {
    const ctx = { training: true, rng: model.rng };
    const loss = (params: ParamTree, x: Tensor, labels: Uint8Array | Int32Array): Tensor =>
      softmaxCrossEntropy(model.forward(params, x, ctx), labels, { axis: 0 });
    // The gradient mirrors the params tree; its precise mapped type is too deep for a recursive tree.
    f = valueAndGrad(loss as (params: unknown, x: Tensor, labels: Uint8Array | Int32Array) => Tensor) as unknown as StepFn;
    steps.set(model, f);
  }
  const [loss, grads] = f(model.params, residentInput(model, batch.x), batch.labels);
  return { loss, grads };
}

interface Staging {
  buffer: Float32Array;
  /** One tensor per batch shape seen (a full batch and an epoch's last, smaller one), over `buffer`. */
  readonly views: Map<string, Tensor>;
}

const staging = new WeakMap<Model, Staging>();

/**
 * The batch in the kernels' own memory: a batch from @dnw/data is a plain array, which the WASM
 * kernels would copy into scratch at each product that reads it (the first layer's forward and
 * weight gradient). One copy per step into a buffer the model keeps replaces those; the buffer
 * grows to the largest batch and is never reallocated after that.
 */
function residentInput(model: Model, x: Tensor): Tensor {
  const k = kernels();
  if (k.name === 'js') return x;
  let st = staging.get(model);
  if (st !== undefined && x.data.buffer === st.buffer.buffer) return x;
  if (st === undefined || st.buffer.length < x.size) {
    st = { buffer: k.alloc(x.size), views: new Map() };
    staging.set(model, st);
  }
  const key = x.shape.join(',');
  let view = st.views.get(key);
  if (view === undefined) {
    view = new Tensor(st.buffer.subarray(0, x.size), x.shape);
    st.views.set(key, view);
  }
  view.data.set(x.data);
  return view;
}

/** Evaluation-mode logits [classes, batch]; valid until the next `predict`/`evaluate` on this model. */
export function predict(model: Model, x: Tensor): Tensor {
  let f = evals.get(model);
  if (f === undefined) {
    const ctx = { training: false, rng: model.rng };
    f = withArena((params: ParamTree, input: Tensor) => model.forward(params, input, ctx));
    evals.set(model, f);
  }
  return f(model.params, x);
}

export interface Evaluation {
  /** Mean cross-entropy over the examples. */
  readonly loss: number;
  /** Number of examples whose largest logit is their label (ties: the lowest class). */
  readonly correct: number;
  readonly count: number;
}

/** Loss and accuracy in evaluation mode (no dropout; targeted dropout drops all its candidates). */
export function evaluate(model: Model, x: Tensor, labels: Uint8Array | Int32Array): Evaluation {
  const logits = predict(model, x);
  const loss = softmaxCrossEntropy(logits, labels, { axis: 0 }).data[0];
  const [classes, batch] = logits.shape;
  const z = logits.data;
  let correct = 0;
  for (let b = 0; b < batch; b++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (z[c * batch + b] > z[best * batch + b]) best = c;
    if (best === labels[b]) correct++;
  }
  return { loss, correct, count: batch };
}
