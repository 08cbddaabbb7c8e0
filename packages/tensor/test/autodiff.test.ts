import { describe, expect, it } from 'vitest';
import {
  ShapeError,
  Tensor,
  add,
  arenaAllocations,
  customVjp,
  empty,
  grad,
  kernels,
  maskedMatmul,
  matmul,
  mean,
  mul,
  relu,
  scale,
  softmaxCrossEntropy,
  sum,
  tensor,
  topkMask,
  valueAndGrad,
  withArena,
  addBias,
} from '../src/index.js';
import { randn } from './gradcheck.js';

const arr = (t: Tensor | null) => (t === null ? null : Array.from(t.data));

describe('valueAndGrad', () => {
  it('returns the value and the gradient of a simple function', () => {
    // f(x) = sum(x * x) -> 2x
    const f = valueAndGrad((x: Tensor) => sum(mul(x, x)));
    const [v, g] = f(tensor([1, -2, 3], [3]));
    expect(v).toBe(14);
    expect(arr(g)).toEqual([2, -4, 6]);
  });

  it('grads mirror a nested pytree; non-tensor leaves get null, unused tensors zeros', () => {
    const params = {
      layers: [{ w: tensor([1, 2], [2]), b: tensor([3], [1]) }, { w: tensor([4, 5], [2]), name: 'second' }] as [
        { w: Tensor; b: Tensor },
        { w: Tensor; name: string },
      ],
      unused: tensor([9, 9], [2]),
      lr: 0.1,
    };
    const f = (p: typeof params) => add(sum(mul(p.layers[0].w, p.layers[1].w)), sum(scale(p.layers[0].b, 3)));
    const [v, g] = valueAndGrad(f)(params);
    expect(v).toBe(1 * 4 + 2 * 5 + 9);
    expect(arr(g.layers[0].w)).toEqual([4, 5]);
    expect(arr(g.layers[0].b)).toEqual([3]);
    expect(arr(g.layers[1].w)).toEqual([1, 2]);
    expect(g.layers[1].name).toBeNull();
    expect(arr(g.unused)).toEqual([0, 0]);
    expect(g.lr).toBeNull();
    expect(Object.keys(g)).toEqual(['layers', 'unused', 'lr']);
  });

  it('accumulates the gradient of a tensor used several times', () => {
    // f(x) = sum(x*x + x + relu(x)) -> 2x + 1 + [x > 0]
    const f = valueAndGrad((x: Tensor) => sum(add(add(mul(x, x), x), relu(x))));
    const [, g] = f(tensor([1, -2], [2]));
    expect(arr(g)).toEqual([4, -3]);
    // add(x, x): both inputs receive the same cotangent object.
    const [, g2] = valueAndGrad((x: Tensor) => sum(add(x, x)))(tensor([5, 6], [2]));
    expect(arr(g2)).toEqual([2, 2]);
  });

  it('treats extra arguments as constants', () => {
    const f = valueAndGrad((w: Tensor, x: Tensor) => sum(mul(w, x)));
    const [, g] = f(tensor([1, 2], [2]), tensor([3, 4], [2]));
    expect(arr(g)).toEqual([3, 4]);
  });

  it('hasAux returns [[value, aux], grads]', () => {
    const f = valueAndGrad((x: Tensor) => {
      const y = mul(x, x);
      return [sum(y), { y, note: 'hi' }] as const;
    }, { hasAux: true });
    const [[v, aux], g] = f(tensor([2, 3], [2]));
    expect(v).toBe(13);
    expect(arr(aux.y)).toEqual([4, 9]);
    expect(aux.note).toBe('hi');
    expect(arr(g)).toEqual([4, 6]);
  });

  it('grad returns the gradient alone', () => {
    expect(arr(grad((x: Tensor) => mean(scale(x, 4)))(tensor([1, 2], [2])))).toEqual([2, 2]);
  });

  it('rejects a non-scalar output with a ShapeError', () => {
    expect(() => valueAndGrad((x: Tensor) => x)(tensor([1, 2], [2]))).toThrow(ShapeError);
    expect(() => valueAndGrad((x: Tensor) => x)(tensor([1, 2], [2]))).toThrow(/single value, got \[2\]/);
  });

  it('labels every recorded op, skipping ops on constants only', () => {
    const f = valueAndGrad((w: Tensor, x: Tensor) => sum(relu(matmul(w, relu(x)))));
    f(tensor([1, 2], [1, 2]), tensor([1, -1], [2, 1]));
    expect(f.tapeLabels()).toEqual(['matmul', 'relu', 'sum']);
    const custom = customVjp((x: Tensor) => ({ out: scale(x, 1), residuals: null }), (_r, g) => [g], { label: 'straightThrough' });
    const h = valueAndGrad((w: Tensor) => sum(custom(w)));
    h(tensor([1], [1]));
    expect(h.tapeLabels()).toEqual(['straightThrough', 'sum']);
  });

  it('recovers after an error inside f, and refuses to re-enter itself', () => {
    let fail = true;
    const f = valueAndGrad((x: Tensor) => (fail ? sum(matmul(x, x)) : sum(mul(x, x))));
    expect(() => f(tensor([1, 2], [1, 2]))).toThrow(ShapeError);
    fail = false;
    expect(f(tensor([1, 2], [1, 2]))[0]).toBe(5);
    const g: ReturnType<typeof valueAndGrad<Tensor, []>> = valueAndGrad((x: Tensor): Tensor => (g(x), sum(x)));
    expect(() => g(tensor([1], [1]))).toThrow(/called again from inside its own call/);
  });

  it('walks a very deep tape without recursion', () => {
    const depth = 50_000;
    const f = valueAndGrad((x: Tensor) => {
      let y = x;
      for (let i = 0; i < depth; i++) y = scale(y, i % 2 === 0 ? 2 : 0.5);
      return sum(y);
    });
    const [v, g] = f(tensor([3, 4], [2]));
    expect(v).toBe(7);
    expect(arr(g)).toEqual([1, 1]);
    expect(f.tapeLabels().length).toBe(depth + 1);
  });

  it('outside valueAndGrad ops only compute values', () => {
    const y = relu(tensor([-1, 2], [2]));
    expect(arr(y)).toEqual([0, 2]);
  });

  it('returned grads never alias each other or a parameter', () => {
    // Both parameters reach sum through add, which hands them the same cotangent tensor.
    const [, g] = valueAndGrad((p: Tensor[]) => sum(add(p[0], p[1])))([tensor([1, 2], [2]), tensor([3, 4], [2])]);
    expect(g[0].data).not.toBe(g[1].data);
    g[0].data[0] = 100;
    expect(g[1].data[0]).toBe(1);
    const identity = customVjp((x: Tensor) => ({ out: x, residuals: x }), (x) => [x]);
    const p = tensor([1, 2], [2]);
    const [, gi] = valueAndGrad((q: Tensor) => sum(mul(identity(q), identity(q))))(p);
    expect(gi.data).not.toBe(p.data);
  });
});

describe('arena', () => {
  const net = (p: { w1: Tensor; b1: Tensor; w2: Tensor }, x: Tensor, labels: Uint8Array) => {
    const h = relu(addBias(matmul(p.w1, x), p.b1, 0));
    return softmaxCrossEntropy(matmul(p.w2, h), labels, { axis: 0 });
  };
  const params = { w1: randn([16, 8], 1, 0.3), b1: randn([16], 2, 0.1), w2: randn([4, 16], 3, 0.3) };
  const x = randn([8, 5], 4);
  const labels = new Uint8Array([0, 1, 2, 3, 1]);

  it('the second call of the same function allocates no buffer', () => {
    const step = valueAndGrad(net);
    const [v1, g1] = step(params, x, labels);
    const first = arenaAllocations();
    const w1Grad = g1.w1.data;
    const copy = Float32Array.from(w1Grad);
    const [v2, g2] = step(params, x, labels);
    expect(arenaAllocations()).toBe(first);
    expect(v2).toBe(v1);
    expect(g2.w1.data).toBe(w1Grad); // the same buffer, refilled
    expect(Array.from(g2.w1.data)).toEqual(Array.from(copy));
    for (let i = 0; i < 3; i++) step(params, x, labels);
    expect(arenaAllocations()).toBe(first);
  });

  it('a steady-state step constructs no typed array at all', () => {
    const step = valueAndGrad(net);
    const masked = valueAndGrad((w: Tensor, xx: Tensor, m: Uint8Array) => sum(relu(maskedMatmul(w, xx, m))));
    const w = randn([6, 8], 12);
    const m = topkMask(w.data, 20);
    step(params, x, labels);
    masked(w, x, m);
    const real = { F32: globalThis.Float32Array, I32: globalThis.Int32Array, U8: globalThis.Uint8Array };
    let constructed = 0;
    const counting = <T extends object>(C: T) => new Proxy(C, { construct: (t, a) => (constructed++, Reflect.construct(t as never, a)) });
    globalThis.Float32Array = counting(real.F32);
    globalThis.Int32Array = counting(real.I32);
    globalThis.Uint8Array = counting(real.U8);
    try {
      step(params, x, labels);
      masked(w, x, m);
    } finally {
      globalThis.Float32Array = real.F32;
      globalThis.Int32Array = real.I32;
      globalThis.Uint8Array = real.U8;
    }
    expect(constructed).toBe(0);
    // The counter works: a fresh tensor outside any trace does construct one.
    globalThis.Float32Array = counting(real.F32);
    try {
      relu(x);
    } finally {
      globalThis.Float32Array = real.F32;
    }
    expect(constructed).toBe(1);
  });

  it('results are overwritten by the next call unless copyResults', () => {
    const step = valueAndGrad((w: Tensor, s: number) => sum(scale(w, s)));
    const [, a] = step(tensor([1, 2], [2]), 2);
    step(tensor([1, 2], [2]), 5);
    expect(arr(a)).toEqual([5, 5]);
    const kept = valueAndGrad((w: Tensor, s: number) => sum(scale(w, s)), { copyResults: true });
    const [, b] = kept(tensor([1, 2], [2]), 2);
    kept(tensor([1, 2], [2]), 5);
    expect(arr(b)).toEqual([2, 2]);
  });

  it('a changing batch size stops allocating once both sizes were seen', () => {
    const step = valueAndGrad(net);
    const xSmall = randn([8, 3], 5);
    const lSmall = new Uint8Array([1, 2, 3]);
    step(params, x, labels);
    step(params, xSmall, lSmall);
    const seen = arenaAllocations();
    step(params, x, labels);
    step(params, xSmall, lSmall);
    expect(arenaAllocations()).toBe(seen);
  });

  it('empty() inside a trace draws from the arena, so custom ops reuse buffers too', () => {
    const double = customVjp(
      (x: Tensor) => {
        const out = empty(x.shape);
        for (let i = 0; i < x.size; i++) out.data[i] = 2 * x.data[i];
        return { out, residuals: null };
      },
      (_r, g) => {
        const dx = empty(g.shape);
        for (let i = 0; i < g.size; i++) dx.data[i] = 2 * g.data[i];
        return [dx];
      },
    );
    const step = valueAndGrad((x: Tensor) => sum(double(x)));
    const [, g] = step(tensor([1, 2, 3], [3]));
    expect(arr(g)).toEqual([2, 2, 2]);
    const before = arenaAllocations();
    step(tensor([1, 2, 3], [3]));
    expect(arenaAllocations()).toBe(before);
  });

  it('withArena reuses buffers for evaluation without a tape', () => {
    const evaluate = withArena((w: Tensor, x: Tensor) => relu(matmul(w, x)));
    const w = randn([3, 4], 6);
    const xx = randn([4, 2], 7);
    const a = evaluate(w, xx);
    const values = Array.from(a.data);
    const before = arenaAllocations();
    const b = evaluate(w, xx);
    expect(arenaAllocations()).toBe(before);
    expect(b.data).toBe(a.data);
    expect(Array.from(b.data)).toEqual(values);
  });

  it('maskedMatmul reuses its CSR across calls', () => {
    const w = randn([6, 5], 8);
    const mask = topkMask(w.data, 10);
    const step = valueAndGrad((p: Tensor, xx: Tensor) => sum(maskedMatmul(p, xx, mask)));
    step(w, randn([5, 3], 9));
    const before = arenaAllocations();
    step(w, randn([5, 3], 9));
    expect(arenaAllocations()).toBe(before);
  });
});

describe('customVjp', () => {
  it('a straight-through top-k op matches maskedMatmul dense gradients', () => {
    const k = 12;
    // Forward: w masked to its top-k entries; backward: identity (every weight gets its gradient).
    const topkStraightThrough = customVjp(
      (w: Tensor) => {
        const mask = new Uint8Array(w.size);
        kernels().topkMask(w.data, k, mask);
        const out = empty(w.shape);
        for (let i = 0; i < w.size; i++) out.data[i] = mask[i] ? w.data[i] : 0;
        return { out, residuals: null };
      },
      (_r, g) => [g],
      { label: 'topkStraightThrough' },
    );
    const w = randn([6, 5], 10);
    const x = randn([5, 4], 11);
    const r = randn([6, 4], 12);
    const viaCustom = valueAndGrad((p: { w: Tensor; x: Tensor }) => sum(mul(matmul(topkStraightThrough(p.w), p.x), r)), { copyResults: true });
    const mask = topkMask(w.data, k);
    const viaMasked = valueAndGrad((p: { w: Tensor; x: Tensor }) => sum(mul(maskedMatmul(p.w, p.x, mask), r)), { copyResults: true });
    const [va, ga] = viaCustom({ w, x });
    const [vb, gb] = viaMasked({ w, x });
    expect(vb).toBeCloseTo(va, 4);
    for (let i = 0; i < w.size; i++) expect(gb.w.data[i]).toBeCloseTo(ga.w.data[i], 4);
    for (let i = 0; i < x.size; i++) expect(gb.x.data[i]).toBeCloseTo(ga.x.data[i], 4);
    // The dense rule really reaches unchosen weights.
    let unchosenNonZero = 0;
    for (let i = 0; i < w.size; i++) if (!mask[i] && gb.w.data[i] !== 0) unchosenNonZero++;
    expect(unchosenNonZero).toBeGreaterThan(0);
  });

  it('ops inside the custom forward are not recorded twice', () => {
    const square = customVjp((x: Tensor) => ({ out: mul(x, x), residuals: x }), (x, g) => [mul(scale(x, 2), g)]);
    const [, g] = valueAndGrad((x: Tensor) => sum(square(x)))(tensor([3], [1]));
    expect(arr(g)).toEqual([6]);
  });

  it('a cotangent of the wrong shape is a ShapeError naming the op', () => {
    const bad = customVjp((x: Tensor) => ({ out: scale(x, 1), residuals: null }), () => [tensor([1], [1])], { label: 'bad' });
    expect(() => valueAndGrad((x: Tensor) => sum(bad(x)))(tensor([1, 2], [2]))).toThrow(/bad: backward: cotangent \[1\] does not match input 0 \[2\]/);
  });
});
