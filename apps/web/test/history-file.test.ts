import { describe, expect, it } from 'vitest';
import { historyOf } from '@dnw/pipeline';
import { encodeHistory, parseHistory } from '../src/history-file.js';
import { emptyChurn, extendChurn } from '../src/churn.js';

const valid = () => ({
  format: 'dnw-wiring-history',
  version: 1,
  model: { kind: 'static', strategy: 'dnw', nodes: 5, blocks: [2, 2, 1], budget: 3, allowedEdges: 8, params: 8, backend: 'js' },
  layout: { nodes: 5, blocks: [] },
  snapshots: [
    { step: 0, from: [0, 1, 2], to: [2, 3, 4], weight: [0.5, -0.25, 1], liveNodes: 4, loss: 2.3 },
    { step: 10, from: [1, 0, 3], to: [2, 2, 4], weight: [0.7, 0.5, -0.5], liveNodes: 4, loss: 1.9, accuracy: 0.5 },
    { step: 20, from: [1, 0, 3], to: [2, 3, 4], weight: [0.7, 0.4, -0.5], liveNodes: 5, loss: 1.5, accuracy: 0.75 },
  ],
});

describe('parseHistory', () => {
  it('reads a history written in the `dnw export` format, edges sorted by (to, from)', () => {
    const r = parseHistory(JSON.stringify(valid()));
    if (r._tag === 'Left') throw new Error(r.left);
    const { history, model, loss, accuracy } = r.right;
    expect(model.blocks).toEqual([2, 2, 1]);
    expect(history.length).toBe(3);
    expect(history.stepAt(1)).toBe(10);
    expect(history.indexAtStep(15)).toBe(1);
    expect(history.indexAtStep(-1)).toBe(-1);
    const s = history.at(1);
    expect([...s.to]).toEqual([2, 2, 4]);
    expect([...s.from]).toEqual([0, 1, 3]);
    expect([...s.weight]).toEqual([0.5, 0.699999988079071, -0.5]);
    expect(loss.value).toEqual([2.3, 1.9, 1.5]);
    expect(accuracy.step).toEqual([10, 20]);
    expect([...r.right.accuracyAt]).toEqual([NaN, 0.5, 0.75]);
    expect([...r.right.lossAt]).toEqual([2.3, 1.9, 1.5]);
    expect(() => history.at(3)).toThrow(RangeError);
  });

  it('counts churn between snapshots: edges entered per step', () => {
    const r = parseHistory(JSON.stringify(valid()));
    if (r._tag === 'Left') throw new Error(r.left);
    const c = extendChurn(emptyChurn(), r.right.history);
    // 0 -> 10: (1,2) and (3,4) entered; 10 -> 20: (0,3) entered.
    expect(c.perStep.step).toEqual([10, 20]);
    expect(c.perStep.value).toEqual([0.2, 0.1]);
    expect(c.total).toBe(3);
    // Extending with the same history adds nothing.
    expect(extendChurn(c, r.right.history).total).toBe(3);
  });

  const broken: [string, (h: ReturnType<typeof valid>) => unknown, RegExp][] = [
    ['not an object', () => [1, 2], /expected a JSON object/],
    ['another format', (h) => ({ ...h, format: 'something' }), /^format: expected "dnw-wiring-history", got "something"/],
    ['another version', (h) => ({ ...h, version: 2 }), /^version: expected 1, got 2/],
    ['blocks that do not sum to nodes', (h) => ({ ...h, model: { ...h.model, blocks: [2, 2] } }), /^model\.blocks: block sizes sum to 4, not model\.nodes \(5\)/],
    ['an unknown kind', (h) => ({ ...h, model: { ...h.model, kind: 'tree' } }), /^model\.kind/],
    ['a node out of range', (h) => ((h.snapshots[1].to[2] = 9), h), /^snapshots\[1\]\.to\[2\]: expected a node index below 5, got 9/],
    ['a non-finite weight', (h) => ((h.snapshots[2].weight[0] = 'x' as never), h), /^snapshots\[2\]\.weight\[0\]: expected a finite number, got "x"/],
    ['arrays of different lengths', (h) => ((h.snapshots[0].weight = [1]), h), /^snapshots\[0\]: from, to and weight differ in length \(3, 3, 1\)/],
    ['steps out of order', (h) => ((h.snapshots[2].step = 5), h), /^snapshots\[2\]\.step: 5 comes after step 10/],
    ['no snapshots', (h) => ({ ...h, snapshots: [] }), /^snapshots: the file holds no wiring/],
    ['an accuracy above 1', (h) => ((h.snapshots[1].accuracy = 50), h), /^snapshots\[1\]\.accuracy: expected a number in \[0, 1\]/],
  ];
  for (const [what, mutate, message] of broken) {
    it(`names the field for ${what}`, () => {
      const r = parseHistory(JSON.stringify(mutate(valid())));
      expect(r._tag).toBe('Left');
      if (r._tag === 'Left') expect(r.left).toMatch(message);
    });
  }

  it('reports JSON syntax errors', () => {
    const r = parseHistory('{"format": "dnw-wiring-history", ');
    expect(r._tag === 'Left' && r.left.startsWith('not JSON:')).toBe(true);
  });
});

describe('encodeHistory', () => {
  it('writes a run that parseHistory reads back: edges, 4-digit weights, loss and accuracy at each step', () => {
    const model = { kind: 'static', strategy: 'dnw', nodes: 5, blocks: [2, 2, 1], allowedEdges: 8, budget: 2, params: 8, backend: 'wasm' as const };
    const snap = (step: number, edges: [number, number, number][]) => ({
      step,
      liveNodes: 4,
      from: Int32Array.from(edges, (e) => e[0]),
      to: Int32Array.from(edges, (e) => e[1]),
      weight: Float32Array.from(edges, (e) => e[2]),
    });
    const history = historyOf([snap(0, [[0, 2, 0.123456], [1, 3, -2]]), snap(10, [[1, 2, 0.5], [1, 3, -2]])]);
    const json = encodeHistory(model, history, { step: [5, 10], value: [2.5, 1.5] }, { step: [10], value: [0.75] });
    const r = parseHistory(json);
    if (r._tag === 'Left') throw new Error(r.left);
    expect(r.right.history.length).toBe(2);
    expect([...r.right.history.at(0).weight]).toEqual([Math.fround(0.1235), -2]);
    expect([...r.right.history.at(1).from]).toEqual([1, 1]);
    // Step 0 precedes every logged value; step 10 takes the values logged at or before it.
    expect([...r.right.lossAt]).toEqual([NaN, 1.5]);
    expect([...r.right.accuracyAt]).toEqual([NaN, 0.75]);
    const raw = JSON.parse(json);
    expect(raw.layout.blocks).toEqual([
      { label: 'input', start: 0, count: 2 },
      { label: 'hidden 1', start: 2, count: 2 },
      { label: 'output', start: 4, count: 1 },
    ]);
    expect(raw.snapshots[0]).not.toHaveProperty('loss');
  });
});
