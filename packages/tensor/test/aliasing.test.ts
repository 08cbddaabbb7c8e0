import { describe, expect, it } from 'vitest';
import {
  Tensor,
  add,
  arenaAllocations,
  concat,
  customVjp,
  empty,
  matmul,
  mul,
  relu,
  reshape,
  scale,
  slice,
  sum,
  tanh,
  tensor,
  valueAndGrad,
  withArena,
} from '../src/index.js';
import { checkGrad, randn } from './gradcheck.js';

// Adversarial cases for buffer reuse: the arena hands out buffers by allocation order and the
// tape adds cotangents in place, so every way two live values could share memory is tried here.

const copy = (t: Tensor) => Float32Array.from(t.data);

describe('aliasing', () => {
  it('a result of the previous call passed back in (recurrent state) keeps its values', () => {
    // Call n+1 draws the same buffers as call n: h (call n's output) would be overwritten by
    // call n+1's tanh output while matmul's backward still needs it.
    const f = (p: Tensor, h: Tensor) => {
      const next = tanh(matmul(p, h));
      return [sum(next), next] as const;
    };
    const step = valueAndGrad(f, { hasAux: true });
    const fresh = valueAndGrad(f, { hasAux: true, copyResults: true });
    const p = randn([3, 3], 1, 0.5);
    let [, h] = step(p, randn([3, 2], 2))[0];
    for (let i = 0; i < 3; i++) {
      const hIn = copy(h);
      const [[v, next], g] = step(p, h);
      const [[vRef], gRef] = fresh(p, tensor(hIn, [3, 2]));
      expect(v).toBeCloseTo(vRef, 6);
      expect(Array.from(g.data)).toEqual(Array.from(gRef.data));
      h = next;
    }
    // The fed-back buffer alternates with a pooled one: still no allocation per step.
    const before = arenaAllocations();
    for (let i = 0; i < 4; i++) h = step(p, h)[0][1];
    expect(arenaAllocations()).toBe(before);
  });

  it('withArena output fed back into the same function (an iterated map) keeps its values', () => {
    // z's buffer is the tanh slot; without a guard the next call's tanh overwrites z before mul reads it.
    const f = (w: Tensor, z: Tensor) => {
      const next = tanh(matmul(w, z));
      return { z: next, energy: sum(mul(next, z)) };
    };
    const map = withArena(f);
    const w = randn([4, 4], 5, 0.5);
    let z = randn([4, 3], 6);
    let zRef = tensor(copy(z), z.shape);
    for (let i = 0; i < 4; i++) {
      const r = map(w, z);
      const ref = f(w, zRef);
      expect(r.energy.item()).toBe(ref.energy.item());
      expect(Array.from(r.z.data)).toEqual(Array.from(ref.z.data));
      z = r.z;
      zRef = ref.z;
    }
  });

  it('a gradient of the previous call passed back in as a parameter stays correct', () => {
    const step = valueAndGrad((w: Tensor) => sum(mul(w, scale(w, 3))));
    let [, g] = step(tensor([1, 2, 3], [3]));
    for (let i = 0; i < 2; i++) {
      const w = copy(g);
      const [v, gNext] = step(g);
      expect(v).toBeCloseTo(3 * w.reduce((a, x) => a + x * x, 0), 3);
      expect(Array.from(gNext.data)).toEqual(Array.from(w.map((x) => 6 * x)));
      g = gNext;
    }
  });

  it('a parameter reached through reshape, concat of itself, slices and add keeps every path', () => {
    const f = (x: Tensor) => {
      const both = concat([x, x], 0); // [4, 3]
      const top = slice(both, 0, 0, 2);
      const viaReshape = reshape(reshape(x, [3, 2]), [2, 3]);
      return add(add(mul(top, viaReshape), relu(both).shape[0] === 4 ? slice(relu(both), 0, 1, 3) : top), x);
    };
    const x = tensor([0.5, -1.2, 0.8, 1.5, -0.3, 0.9], [2, 3]);
    const { relError } = checkGrad(f, [x]);
    expect(relError).toBeLessThan(1e-3);
  });

  it('a cotangent handed to two inputs is not changed when one of them accumulates more', () => {
    // add hands the same g to a and b; a then receives a second cotangent from mul.
    const f = (p: { a: Tensor; b: Tensor }) => sum(add(mul(add(p.a, p.b), p.a), scale(p.b, 0)));
    const [, g] = valueAndGrad(f)({ a: tensor([1, 2], [2]), b: tensor([3, 4], [2]) });
    // d/da (a+b)a = 2a + b ; d/db = a
    expect(Array.from(g.a.data)).toEqual([5, 8]);
    expect(Array.from(g.b.data)).toEqual([1, 2]);
  });

  it('a custom rule returning one cotangent for two inputs and a residual does not corrupt them', () => {
    const both = customVjp(
      (a: Tensor, b: Tensor) => {
        const out = empty(a.shape);
        for (let i = 0; i < a.size; i++) out.data[i] = a.data[i] + b.data[i];
        return { out, residuals: null };
      },
      (_r, g) => [g, g],
    );
    const f = (p: Tensor[]) => sum(mul(both(p[0], p[1]), both(p[1], p[0])));
    const a = tensor([1, 2], [2]);
    const b = tensor([3, -1], [2]);
    const [, g] = valueAndGrad(f)([a, b]);
    // f = sum((a+b)^2): both gradients are 2(a+b)
    expect(Array.from(g[0].data)).toEqual([8, 2]);
    expect(Array.from(g[1].data)).toEqual([8, 2]);
    g[0].data[0] = 99;
    expect(g[1].data[0]).toBe(8);
  });

  it('nested customVjp: an inner custom op inside an outer forward and backward', () => {
    const inner = customVjp(
      (x: Tensor) => ({ out: mul(x, x), residuals: x }),
      (x, g) => [mul(scale(x, 2), g)],
    );
    const outer = customVjp(
      (x: Tensor) => ({ out: inner(inner(x)), residuals: x }),
      // d x^4 = 4 x^3, written through the inner op so its forward runs during backward.
      (x, g) => [mul(scale(mul(inner(x), x), 4), g)],
    );
    const [v, g] = valueAndGrad((x: Tensor) => sum(add(outer(x), inner(x))))(tensor([1, 2], [2]));
    expect(v).toBe(1 + 16 + 1 + 4);
    expect(Array.from(g.data)).toEqual([4 + 2, 32 + 4]);
  });

  it('a custom op whose forward returns a tensor from outside keeps that tensor a constant', () => {
    const c = tensor([2, 3], [2]);
    // The forward passes a closed-over constant through; the rule sends g straight to a.
    const gate = customVjp((_a: Tensor) => ({ out: c, residuals: null }), (_r, g) => [g]);
    const [v, g] = valueAndGrad((a: Tensor) => add(sum(gate(a)), sum(mul(c, c))))(tensor([1, 1], [2]));
    expect(v).toBe(5 + 13);
    // Only the gate's rule reaches a: the later mul(c, c) is a constant term.
    expect(Array.from(g.data)).toEqual([1, 1]);
    // The same holds when the forward returns one of its inputs, used again afterwards.
    const first = customVjp((a: Tensor, _b: Tensor) => ({ out: a, residuals: null }), (_r, gg) => [null, gg]);
    const [, g2] = valueAndGrad((p: Tensor[]) => sum(mul(first(p[0], p[1]), p[0])))([tensor([2, 5], [2]), tensor([1, 1], [2])]);
    // d/dp0 sum(first * p0) = first (through the plain use of p0); the rule routes the other term to p1.
    expect(Array.from(g2[0].data)).toEqual([2, 5]);
    expect(Array.from(g2[1].data)).toEqual([2, 5]);
  });

  it('withArena results survive an unrelated traced call and are replaced only by their own next call', () => {
    const evaluate = withArena((w: Tensor, x: Tensor) => relu(matmul(w, x)));
    const step = valueAndGrad((w: Tensor, x: Tensor) => sum(relu(matmul(w, x))));
    const w = randn([3, 4], 3);
    const x = randn([4, 2], 4);
    const y = evaluate(w, x);
    const kept = copy(y);
    step(w, x);
    step(w, x);
    expect(Array.from(y.data)).toEqual(Array.from(kept));
  });

  it('a traced function called inside another keeps the outer tape and arena intact', () => {
    const inner = valueAndGrad((w: Tensor) => sum(mul(w, w)));
    const outer = valueAndGrad((w: Tensor) => {
      const h = scale(w, 2);
      const [, gi] = inner(h);
      // gi is a constant here (2h); the outer gradient of sum(h * gi) treats it as such.
      return sum(mul(h, gi));
    });
    const [v, g] = outer(tensor([1, 2], [2]));
    expect(v).toBe(2 * 4 + 4 * 8);
    expect(Array.from(g.data)).toEqual([8, 16]);
  });
});
