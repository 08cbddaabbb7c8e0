import { describe, expect, it } from 'vitest';
import type { ModelSummary } from '../src/events.js';
import { historyOf, type WiringSnapshot as PipelineSnapshot } from '../src/operators/wiring-history.js';
import {
  decodeWiringHistoryFile,
  parseWiringHistoryFile,
  thinSnapshots,
  valueAtStep,
  wiringHistoryChunks,
  type SnapshotCurves,
  type WiringFileSnapshot,
} from '../src/wiring-history-file.js';

const model: ModelSummary = { kind: 'static', strategy: 'dnw', nodes: 7, blocks: [3, 2, 2], allowedEdges: 10, budget: 2, params: 12, backend: 'js' };

const snap = (step: number, edges: [number, number, number][]): PipelineSnapshot => ({
  step,
  from: Int32Array.from(edges, (e) => e[0]),
  to: Int32Array.from(edges, (e) => e[1]),
  weight: Float32Array.from(edges, (e) => e[2]),
  liveNodes: 5,
});

const none = { step: [], value: [] };
const emptyCurves: SnapshotCurves = { loss: none, accuracy: none };
const curves: SnapshotCurves = { loss: { step: [5, 15], value: [1.5, 0.5] }, accuracy: { step: [10], value: [0.75] } };

const decode = (chunks: Iterable<string>) => {
  const d = decodeWiringHistoryFile(JSON.parse([...chunks].join('')));
  if (d._tag === 'Left') throw new Error(d.left);
  return d.right;
};

describe('thinSnapshots', () => {
  it('keeps everything when under the limit', () => {
    expect(thinSnapshots([1, 2, 3], 3)).toEqual([1, 2, 3]);
  });
  it('keeps at most max, first and last included, evenly spread', () => {
    const xs = Array.from({ length: 101 }, (_, i) => i);
    expect(thinSnapshots(xs, 5)).toEqual([0, 25, 50, 75, 100]);
    const some = thinSnapshots(xs, 7);
    expect(some).toHaveLength(7);
    expect(some[0]).toBe(0);
    expect(some.at(-1)).toBe(100);
    expect(thinSnapshots(xs, 1)).toEqual([100]);
  });
});

describe('wiringHistoryChunks', () => {
  it('writes a file that decodes to the same wiring, with loss and accuracy known at each step', () => {
    const h = historyOf([snap(0, [[0, 3, 0.5], [1, 4, -0.25]]), snap(10, [[0, 3, 0.5], [2, 5, 0.123456]]), snap(20, [[3, 5, 1], [2, 5, 0.1]])]);
    const file = decode(wiringHistoryChunks(model, h, curves, 10));
    expect(file.layout.blocks).toEqual([
      { label: 'input', start: 0, count: 3 },
      { label: 'hidden 1', start: 3, count: 2 },
      { label: 'output', start: 5, count: 2 },
    ]);
    expect(file.snapshots.map((s) => s.step)).toEqual([0, 10, 20]);
    expect(file.snapshots[1]).toEqual({ step: 10, from: [0, 2], to: [3, 5], weight: [0.5, 0.1235], liveNodes: 5, loss: 1.5, accuracy: 0.75 });
    expect(file.snapshots[0]!.loss).toBeUndefined();
    expect(file.snapshots[2]!.loss).toBe(0.5);
  });

  it('continues a resumed run: earlier snapshots before the resume step, then the new ones', () => {
    const previous: WiringFileSnapshot[] = [
      { step: 0, from: [0], to: [3], weight: [1], liveNodes: 4 },
      { step: 10, from: [1], to: [3], weight: [1], liveNodes: 4 },
    ];
    // The resumed stream starts again with the full wiring at the resume step (10).
    const h = historyOf([snap(10, [[1, 3, 1]]), snap(20, [[2, 3, 1]])]);
    const file = decode(wiringHistoryChunks(model, h, emptyCurves, 10, previous));
    expect(file.snapshots.map((s) => s.step)).toEqual([0, 10, 20]);
  });

  it('rewrites a snapshot whose loss or accuracy changed since the last write (the text is reused otherwise)', () => {
    const h = historyOf([snap(0, [[0, 3, 0.5]]), snap(10, [[1, 3, 0.25]])]);
    const first = decode(wiringHistoryChunks(model, h, emptyCurves, 10));
    expect(first.snapshots[1]!.accuracy).toBeUndefined();
    const again = decode(wiringHistoryChunks(model, h, curves, 10));
    expect(again.snapshots[1]).toMatchObject({ loss: 1.5, accuracy: 0.75 });
    expect([...wiringHistoryChunks(model, h, curves, 10)].join('')).toBe([...wiringHistoryChunks(model, h, curves, 10)].join(''));
  });

  it('writes a valid file before any rewire', () => {
    expect(decode(wiringHistoryChunks(model, null, emptyCurves, 10)).snapshots).toEqual([]);
  });
});

describe('decodeWiringHistoryFile', () => {
  const good = () => ({
    format: 'dnw-wiring-history',
    version: 1,
    model,
    snapshots: [
      { step: 0, from: [0], to: [3], weight: [0.5], liveNodes: 4 },
      { step: 5, from: [0], to: [3], weight: [0.5], liveNodes: 4, accuracy: 0.5 },
    ],
  });
  const reason = (u: unknown): string => {
    const d = decodeWiringHistoryFile(u);
    return d._tag === 'Left' ? d.left : 'accepted';
  };
  it('accepts a good file', () => expect(reason(good())).toBe('accepted'));
  it('names the first bad field', () => {
    expect(reason({ ...good(), version: 2 })).toMatch(/^version: /);
    expect(reason({ ...good(), model: { ...model, blocks: [3, 2] } })).toMatch(/^model\.blocks: /);
    const g = good();
    g.snapshots[1]!.to = [7];
    expect(reason(g)).toBe("snapshots[1].to[0]: expected a node index below 7, got 7");
    const w = good();
    w.snapshots[0]!.weight = [0.5, 1];
    expect(reason(w)).toMatch(/^snapshots\[0\]: from, to and weight differ in length/);
    const o = good();
    o.snapshots[1]!.step = 0;
    o.snapshots[0]!.step = 3;
    expect(reason(o)).toMatch(/^snapshots\[1\]\.step: /);
    const a = good();
    a.snapshots[1]!.accuracy = 1.5;
    expect(reason(a)).toMatch(/^snapshots\[1\]\.accuracy: /);
    expect(reason({ ...good(), model: { ...model, kind: 'tree' } })).toMatch(/^model\.kind: expected one of static, mlp/);
    const n = good();
    n.snapshots[1]!.from = [0, 'x' as never];
    n.snapshots[1]!.to = [3, 3];
    n.snapshots[1]!.weight = [1, 1];
    expect(reason(n)).toBe('snapshots[1].from[1]: expected a node index below 7, got "x"');
    const nan = good();
    nan.snapshots[0]!.weight = [null as never];
    expect(reason(nan)).toBe('snapshots[0].weight[0]: expected a finite number, got null');
  });
  it('reports text that is not JSON', () => {
    const r = parseWiringHistoryFile('{"format": ');
    expect(r._tag === 'Left' && r.left.startsWith('not JSON:')).toBe(true);
  });
  it('accepts a file written before any rewire (no snapshots yet)', () => expect(reason({ ...good(), snapshots: [] })).toBe('accepted'));
});

describe('valueAtStep', () => {
  it('gives the last value at or before a step', () => {
    const s = { step: [5, 10, 20], value: [1, 2, 3] };
    expect([0, 5, 7, 10, 25].map((x) => valueAtStep(s, x))).toEqual([undefined, 1, 1, 2, 3]);
  });
});
