import { ShapeError, showShape } from '../errors.js';
import { Tensor, sameShape } from '../tensor.js';
import type { Arena } from './arena.js';

/**
 * The vector-Jacobian product of one recorded op: given the cotangent `g` of its output, the
 * cotangent of each input (null: none). `needs[i]` is false for inputs that no parameter depends
 * on, so a rule may skip that work (e.g. the data gradient of a first layer).
 */
export type Backward = (g: Tensor, needs: readonly boolean[]) => readonly (Tensor | null)[];

interface TapeNode {
  /** The op's name, for debugging and error messages. */
  readonly label: string;
  readonly inputs: readonly Tensor[];
  readonly needs: readonly boolean[];
  readonly backward: Backward;
}

/**
 * The record of one traced call: the parameters are the leaves, every op that touches a traced
 * tensor appends a node. Nodes are appended in execution order, which is already a topological
 * order, so the backward pass is a plain reverse loop (no recursion, any depth).
 */
export class Tape {
  private readonly slots = new Map<Tensor, number>();
  private readonly nodes: TapeNode[] = [];
  private readonly grads: (Tensor | null)[] = [];
  /** grads[s] is a buffer this tape filled itself, so it may add into it in place. */
  private readonly owned: boolean[] = [];
  private leaves = 0;
  recording = true;

  constructor(private readonly arena: Arena) {}

  reset(): void {
    this.slots.clear();
    this.nodes.length = 0;
    this.grads.length = 0;
    this.owned.length = 0;
    this.leaves = 0;
    this.recording = true;
  }

  addLeaf(t: Tensor): void {
    if (this.slots.has(t)) return;
    this.slots.set(t, this.leaves++);
  }

  isTraced(t: Tensor): boolean {
    return this.slots.has(t);
  }

  /** Labels of the recorded ops in execution order (debugging). */
  labels(): string[] {
    return this.nodes.map((n) => n.label);
  }

  record(label: string, inputs: readonly Tensor[], out: Tensor, backward: Backward): Tensor {
    if (!this.recording) return out;
    let any = false;
    const needs = inputs.map((t) => {
      const traced = this.slots.has(t);
      any ||= traced;
      return traced;
    });
    if (!any) return out;
    // Every op hands back a tensor of its own (customVjp wraps whatever its forward returns).
    this.slots.set(out, this.leaves + this.nodes.length);
    this.nodes.push({ label, inputs, needs, backward });
    return out;
  }

  /** Reverse pass from `root` with cotangent `seed`; afterwards `gradOf(leaf)` holds the result. */
  backward(root: Tensor, seed: Tensor): void {
    const wasRecording = this.recording;
    this.recording = false;
    try {
      const rootSlot = this.slots.get(root);
      if (rootSlot === undefined) return;
      this.accumulate(rootSlot, seed);
      for (let i = this.nodes.length - 1; i >= 0; i--) {
        const slot = this.leaves + i;
        const g = this.grads[slot];
        if (g === null || g === undefined) continue;
        const node = this.nodes[i];
        const cotangents = node.backward(g, node.needs);
        if (cotangents.length !== node.inputs.length) {
          throw new ShapeError(node.label, `backward returned ${cotangents.length} cotangents for ${node.inputs.length} inputs`);
        }
        for (let j = 0; j < node.inputs.length; j++) {
          const c = cotangents[j];
          if (c === null || c === undefined || !node.needs[j]) continue;
          const input = node.inputs[j];
          if (!sameShape(c.shape, input.shape)) {
            throw new ShapeError(
              node.label,
              `backward: cotangent ${showShape(c.shape)} does not match input ${j} ${showShape(input.shape)}`,
              [c.shape, input.shape],
            );
          }
          this.accumulate(this.slots.get(input)!, c);
        }
        // The output's cotangent is consumed: drop it so a later alias check sees only live buffers.
        this.grads[slot] = null;
      }
    } finally {
      this.recording = wasRecording;
    }
  }

  /** The gradient reached by `leaf`, or null when the output does not depend on it. */
  gradOf(leaf: Tensor): Tensor | null {
    const slot = this.slots.get(leaf);
    return slot === undefined ? null : (this.grads[slot] ?? null);
  }

  private accumulate(slot: number, c: Tensor): void {
    const held = this.grads[slot];
    if (held === null || held === undefined) {
      this.grads[slot] = c;
      this.owned[slot] = false;
      return;
    }
    if (this.owned[slot]) {
      addInto(held.data, c.data);
      return;
    }
    // Several consumers: sum into an arena buffer of our own (the held cotangent may be shared
    // with another input, e.g. both inputs of `add` receive the same tensor).
    const sum = this.arena.take(held.size);
    const a = held.data;
    const b = c.data;
    for (let i = 0; i < sum.length; i++) sum[i] = a[i] + b[i];
    this.grads[slot] = new Tensor(sum, held.shape);
    this.owned[slot] = true;
  }
}

function addInto(acc: Float32Array, x: Float32Array): void {
  for (let i = 0; i < acc.length; i++) acc[i] += x[i];
}

let current: Tape | null = null;

export const activeTape = (): Tape | null => current;

/** Run `fn` recording onto `tape` (null: record nothing), restoring the enclosing tape afterwards. */
export function onTape<T>(tape: Tape | null, fn: () => T): T {
  const outer = current;
  current = tape;
  try {
    return fn();
  } finally {
    current = outer;
  }
}

/**
 * Ops call this after computing `out`: when a traced call is running and some input is traced, the
 * op joins the tape. Returns the tensor the op must hand to its caller.
 */
export function record(label: string, inputs: readonly Tensor[], out: Tensor, backward: Backward): Tensor {
  return current === null ? out : current.record(label, inputs, out, backward);
}

/** True when an op's gradient could be needed: skip saving residuals otherwise. */
export function tracing(): boolean {
  return current !== null && current.recording;
}

/** Run `fn` without recording (the forward of a custom op, whose own rule replaces the inner ops'). */
export function untraced<T>(fn: () => T): T {
  if (current === null || !current.recording) return fn();
  const tape = current;
  tape.recording = false;
  try {
    return fn();
  } finally {
    tape.recording = true;
  }
}
