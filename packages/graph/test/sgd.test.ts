import { describe, expect, it } from 'vitest';
import { tensor } from '@dnw/tensor';
import { cosine, lrAt, sgd, step } from '@dnw/graph';

describe('SGD', () => {
  it('matches a hand-computed momentum and weight-decay update (PyTorch semantics)', () => {
    const params = { w: tensor(Float32Array.from([1, -2]), [2]) };
    const lr = 0.1, mu = 0.9, wd = 0.01;
    const opt = sgd({ lr, momentum: mu, weightDecay: wd });
    const g1 = { w: tensor(Float32Array.from([0.5, 0]), [2]) };
    const g2 = { w: tensor(Float32Array.from([-1, 0.25]), [2]) };
    // Step 1: v = g + wd w; w -= lr v. Step 2: v = mu v + g + wd w.
    let w = [1, -2];
    let v = w.map((x, i) => g1.w.data[i] + wd * x);
    w = w.map((x, i) => x - lr * v[i]);
    opt.step(params, g1);
    expect(Array.from(params.w.data)).toEqual(w.map(Math.fround));
    v = v.map((vi, i) => mu * vi + g2.w.data[i] + wd * Math.fround(w[i]));
    w = w.map((x, i) => Math.fround(x) - lr * v[i]);
    opt.step(params, g2);
    params.w.data.forEach((x, i) => expect(x).toBeCloseTo(w[i], 6));
    // Weight decay moves a weight whose gradient is zero (a non-chosen edge under dnw-no-update).
    expect(params.w.data[1]).not.toBe(-2);
  });

  it('nesterov: w -= lr (d + mu v)', () => {
    const params = { w: tensor(Float32Array.from([1]), [1]) };
    const opt = sgd({ lr: 0.5, momentum: 0.5, weightDecay: 0, nesterov: true });
    opt.step(params, { w: tensor(Float32Array.from([1]), [1]) });
    // v = 1, update = 1 + 0.5 * 1 = 1.5.
    expect(params.w.data[0]).toBeCloseTo(1 - 0.75, 6);
  });

  it('state round-trips: a resumed optimizer continues identically', () => {
    const mk = () => ({ w: tensor(Float32Array.from([0.3, -0.7, 1.1]), [3]) });
    const g = { w: tensor(Float32Array.from([0.2, 0.1, -0.4]), [3]) };
    const a = mk();
    const oa = sgd({ lr: 0.05, schedule: cosine(10, 2) });
    for (let s = 0; s < 3; s++) oa.step(a, g);
    const b = { w: tensor(a.w.data.slice(), [3]) };
    const ob = sgd({ lr: 0.05, schedule: cosine(10, 2) });
    ob.load(JSON.parse(JSON.stringify({ step: oa.state().step, velocity: oa.state().velocity.map((v) => Array.from(v)) }), (k, v) => (k === 'velocity' ? v.map((x: number[]) => Float32Array.from(x)) : v)));
    for (let s = 0; s < 3; s++) {
      oa.step(a, g);
      ob.step(b, g);
    }
    expect(Array.from(b.w.data)).toEqual(Array.from(a.w.data));
  });

  it('schedules', () => {
    expect(lrAt({ kind: 'constant' }, 0.1, 1000)).toBe(0.1);
    const c = cosine(100, 10);
    expect(lrAt(c, 1, 0)).toBeCloseTo(0.1);
    expect(lrAt(c, 1, 9)).toBeCloseTo(1);
    expect(lrAt(c, 1, 10)).toBeCloseTo(1);
    expect(lrAt(c, 1, 55)).toBeCloseTo(0.5);
    expect(lrAt(c, 1, 100)).toBe(0);
    const s = step([80, 120], 0.1);
    expect(lrAt(s, 0.1, 79)).toBeCloseTo(0.1);
    expect(lrAt(s, 0.1, 80)).toBeCloseTo(0.01);
    expect(lrAt(s, 0.1, 120)).toBeCloseTo(0.001);
    expect(() => cosine(0)).toThrow(/total/);
  });
});
