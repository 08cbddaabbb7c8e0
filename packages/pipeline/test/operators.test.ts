import { describe, expect, it } from 'vitest';
import { from, map, Observable, take, type OperatorFunction } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { sampleRewirings } from '../src/operators/sample-rewirings.js';
import { wiringHistory, type WiringHistory } from '../src/operators/wiring-history.js';
import { metrics } from '../src/operators/metrics.js';
import { throwOnError } from '../src/operators/throw-on-error.js';
import { TrainError, type TrainEvent } from '../src/events.js';
import { evalAt, nanError, rewire, step } from './events-fixtures.js';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

// Four rewirings 10 steps apart: edge [0,2] enters at 10 and leaves at 20 (it must vanish from a
// 20-step window); edge [1,2] leaves at 10 and comes back at 20 (likewise).
const r0 = rewire(0, [[0, 2, 0.5], [1, 2, -0.4]], [], 2);
const r10 = rewire(10, [[0, 2, 0.3], [0, 3, 0.2]], [[1, 2, -0.1]], 3);
const r20 = rewire(20, [[1, 2, -0.6]], [[0, 2, 0.01]], 3);
const r30 = rewire(30, [[1, 3, 0.9]], [[0, 3, 0.05]], 3);
const s5 = step(5);

const sameEdges = (a: readonly (readonly number[])[], b: readonly (readonly number[])[]) =>
  expect([...a].sort()).toEqual([...b].sort());

describe('sampleRewirings', () => {
  it('passes the first rewire, composes the rest per window and flushes on completion', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const src = cold('a-b-c-d-e-|', { a: r0, b: s5, c: r10, d: r20, e: r30 });
      const out = src.pipe(sampleRewirings(20));
      const composed = rewire(20, [[0, 3, 0.2]], [], 3);
      const tail = rewire(30, [[1, 3, 0.9]], [[0, 3, 0.05]], 3);
      expectObservable(out).toBe('a-b---d---(e|)', { a: r0, b: s5, d: composed, e: tail });
    });
  });

  it('composes across a window: added-then-removed and removed-then-added edges vanish', () => {
    const seen: TrainEvent[] = [];
    scheduler().run(({ cold, flush }) => {
      cold('a-c-d-|', { a: r0, c: r10, d: r20 }).pipe(sampleRewirings(20)).subscribe((e) => seen.push(e));
      flush();
    });
    expect(seen).toHaveLength(2);
    const w = seen[1] as ReturnType<typeof rewire>;
    sameEdges(w.added, [[0, 3, 0.2]]);
    expect(w.removed).toEqual([]);
  });

  it('flushes held changes before a done or error event', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const src = cold('a-c-(x|)', { a: r0, c: r10, x: nanError });
      expectObservable(src.pipe(sampleRewirings(100))).toBe('a---(cx|)', { a: r0, c: r10, x: nanError });
    });
  });

  it('passes a source error through, without flushing', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a-c-#', { a: r0, c: r10 }).pipe(sampleRewirings(100))).toBe('a---#', { a: r0 });
    });
  });

  it('handles empty and never', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold<TrainEvent>('|').pipe(sampleRewirings(5))).toBe('|');
      expectObservable(cold<TrainEvent>('-').pipe(sampleRewirings(5))).toBe('-');
    });
  });

  it('unsubscribes from the source when unsubscribed early', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const src = cold('a-b-c-d-|', { a: r0, b: s5, c: r10, d: r20 });
      expectObservable(src.pipe(sampleRewirings(5)), '^--!').toBe('a-b', { a: r0, b: s5 });
      expectSubscriptions(src.subscriptions).toBe('^--!');
    });
  });

  it('rejects a window that is not a positive integer', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a|', { a: r0 }).pipe(sampleRewirings(0))).toBe('#', undefined, new RangeError('sampleRewirings: n must be a positive integer, got 0'));
    });
  });
});

const summary = (h: WiringHistory) =>
  Array.from({ length: h.length }, (_, i) => {
    const s = h.at(i);
    return { step: s.step, edges: Array.from(s.from, (f, j) => [f, s.to[j], s.weight[j]]) };
  });

describe('wiringHistory', () => {
  const f = (x: number) => Math.fround(x);
  it('emits the history after each rewire, each snapshot the composed wiring sorted by (to, from)', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const src = cold('a-b-c-d-|', { a: r0, b: s5, c: r10, d: r20 });
      const h0 = [{ step: 0, edges: [[0, 2, f(0.5)], [1, 2, f(-0.4)]] }];
      const h1 = [...h0, { step: 10, edges: [[0, 2, f(0.3)], [0, 3, f(0.2)]] }];
      const h2 = [...h1, { step: 20, edges: [[1, 2, f(-0.6)], [0, 3, f(0.2)]] }];
      expectObservable(src.pipe(wiringHistory(), map(summary))).toBe('a---c-d-|', { a: h0, c: h1, d: h2 });
    });
  });

  it('folds long random sequences of changes exactly like a map of edges would', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const naive = new Map<string, [number, number, number]>();
    const events: TrainEvent[] = [];
    for (let s = 0; s < 40; s++) {
      const removed: [number, number, number][] = [];
      const added: [number, number, number][] = [];
      for (const [k, e] of naive) if (rand(4) === 0) (removed.push(e), naive.delete(k));
      for (let j = rand(30); j > 0; j--) {
        const e: [number, number, number] = [rand(20), 20 + rand(15), rand(1000) / 100];
        const k = `${e[0]},${e[1]}`;
        if (!naive.has(k)) (added.push(e), naive.set(k, e));
      }
      events.push(rewire(s, added, removed, naive.size));
    }
    let last: WiringHistory | null = null;
    from(events).pipe(wiringHistory()).subscribe((h) => (last = h));
    const snapshot = last!.at(last!.length - 1);
    const expected = [...naive.values()].sort((a, b) => a[1] - b[1] || a[0] - b[0]);
    expect(Array.from(snapshot.from, (f, i) => [f, snapshot.to[i], snapshot.weight[i]])).toEqual(expected.map(([f, t, w]) => [f, t, Math.fround(w)]));
  });

  it('finds the snapshot for a slider position, and earlier emissions stay valid', () => {
    const seen: WiringHistory[] = [];
    scheduler().run(({ cold, flush }) => {
      cold('a-c-d|', { a: r0, c: r10, d: r20 }).pipe(wiringHistory()).subscribe((h) => seen.push(h));
      flush();
    });
    const last = seen[2]!;
    expect([last.indexAtStep(-1), last.indexAtStep(0), last.indexAtStep(15), last.indexAtStep(99)]).toEqual([-1, 0, 1, 2]);
    expect(seen[0]!.length).toBe(1);
    expect(seen[0]!.indexAtStep(99)).toBe(0);
    expect(() => seen[0]!.at(1)).toThrow(RangeError);
  });

  it('passes errors, empty, never and early unsubscription', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      expectObservable(cold('a-#', { a: r0 }).pipe(wiringHistory(), map((h) => h.length))).toBe('a-#', { a: 1 });
      expectObservable(cold<TrainEvent>('|').pipe(wiringHistory())).toBe('|');
      expectObservable(cold<TrainEvent>('-').pipe(wiringHistory())).toBe('-');
      const src = cold('a-c-d|', { a: r0, c: r10, d: r20 });
      expectObservable(src.pipe(wiringHistory(), map((h) => h.length)), '^--!').toBe('a-b', { a: 1, b: 2 });
      expectSubscriptions(src.subscriptions).toBe('^--!');
    });
  });
});

describe('metrics', () => {
  it('scans steps, evaluations and rewirings into series', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const src = cold('a-b-c-d-|', { a: step(1, 2), b: evalAt(1, 'validation', 0.5), c: r10, d: step(2, 1) });
      const out = src.pipe(
        metrics(),
        map((m) => ({ loss: m.trainLoss.value, valAcc: m.validationAccuracy.value, edges: m.edges.value, step: m.step })),
      );
      expectObservable(out).toBe('a-b-c-d-|', {
        a: { loss: [2], valAcc: [], edges: [], step: 1 },
        b: { loss: [2], valAcc: [0.5], edges: [], step: 1 },
        c: { loss: [2], valAcc: [0.5], edges: [3], step: 10 },
        d: { loss: [2, 1], valAcc: [0.5], edges: [3], step: 2 },
      });
    });
  });

  it('skips events that add no point and keeps earlier values unchanged', () => {
    const seen: ReturnType<typeof Object>[] = [];
    scheduler().run(({ cold, flush }) => {
      cold('a-x-b|', { a: step(1, 2), x: nanError, b: evalAt(1, 'test', 0.9) }).pipe(metrics()).subscribe((m) => seen.push(m));
      flush();
    });
    expect(seen).toHaveLength(2);
    expect((seen[0] as { testAccuracy: { value: number[] } }).testAccuracy.value).toEqual([]);
    expect((seen[1] as { testAccuracy: { value: number[] } }).testAccuracy.value).toEqual([0.9]);
  });

  it('passes errors, empty, never and early unsubscription', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      expectObservable(cold('a-#', { a: step(1, 3) }).pipe(metrics(), map((m) => m.trainLoss.value))).toBe('a-#', { a: [3] });
      expectObservable(cold<TrainEvent>('|').pipe(metrics())).toBe('|');
      expectObservable(cold<TrainEvent>('-').pipe(metrics())).toBe('-');
      const src = cold('a-b-c|', { a: step(1), b: step(2), c: step(3) });
      expectObservable(src.pipe(metrics(), map((m) => m.step)), '^--!').toBe('a-b', { a: 1, b: 2 });
      expectSubscriptions(src.subscriptions).toBe('^--!');
    });
  });
});

describe('throwOnError', () => {
  it('turns an error event into a TrainError and passes other events', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const src = cold('a-x|', { a: s5, x: nanError });
      expectObservable(src.pipe(throwOnError())).toBe('a-#', { a: s5 }, new TrainError(nanError as Extract<TrainEvent, { type: 'error' }>));
    });
  });

  it('keeps kind and step on the thrown error', () => {
    let caught: unknown;
    scheduler().run(({ cold, flush }) => {
      cold('x|', { x: nanError }).pipe(throwOnError()).subscribe({ error: (e) => (caught = e) });
      flush();
    });
    expect(caught).toBeInstanceOf(TrainError);
    expect((caught as TrainError).kind).toBe('non-finite-loss');
    expect((caught as TrainError).step).toBe(7);
  });

  it('passes source errors, empty, never and early unsubscription', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      expectObservable(cold('a-#', { a: s5 }).pipe(throwOnError())).toBe('a-#', { a: s5 });
      expectObservable(cold<TrainEvent>('|').pipe(throwOnError())).toBe('|');
      expectObservable(cold<TrainEvent>('-').pipe(throwOnError())).toBe('-');
      const src = cold('a-a-a|', { a: s5 });
      expectObservable(src.pipe(throwOnError()), '^-!').toBe('a-', { a: s5 });
      expectSubscriptions(src.subscriptions).toBe('^-!');
    });
  });
});

describe('every operator stops listening to a synchronous source when unsubscribed', () => {
  const ops = {
    sampleRewirings: sampleRewirings(1),
    wiringHistory: wiringHistory(),
    metrics: metrics(),
    throwOnError: throwOnError(),
  } as const;
  for (const [name, op] of Object.entries(ops)) {
    it(name, () => {
      let produced = 0;
      const source = new Observable<TrainEvent>((subscriber) => {
        for (let i = 0; i < 100 && !subscriber.closed; i++) {
          produced++;
          subscriber.next(i % 2 === 0 ? rewire(i, [[0, i + 1, 0.5]], [], i + 1) : step(i));
        }
        subscriber.complete();
      });
      const seen: unknown[] = [];
      (source.pipe(op as OperatorFunction<TrainEvent, unknown>, take(2)) as Observable<unknown>).subscribe((v) => seen.push(v));
      expect(seen).toHaveLength(2);
      expect(produced).toBeLessThanOrEqual(4);
    });
  }
});
