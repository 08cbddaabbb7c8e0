import { describe, expect, it } from 'vitest';
import type { WiringSnapshot } from '@dnw/pipeline';
import { describeNode, diffWirings, shapeOf } from '../src/wiring.js';
import { layoutNodes } from '../src/layout.js';
import { magnitudeBucket, MAGNITUDE_BUCKETS } from '../src/wiring-view.js';
import { rewireSampling, wiringsToKeep } from '../src/presets.js';

/** A snapshot from [from, to, w] triples, sorted by (to, from) as the pipeline's are. */
const snap = (step: number, edges: [number, number, number][]): WiringSnapshot => {
  const s = [...edges].sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  return {
    step,
    liveNodes: 0,
    from: Int32Array.from(s, (e) => e[0]),
    to: Int32Array.from(s, (e) => e[1]),
    weight: Float32Array.from(s, (e) => e[2]),
  };
};

describe('diffWirings', () => {
  it('finds the edges that entered and left', () => {
    const a = snap(0, [[0, 3, 0.5], [1, 3, -0.2], [2, 4, 0.1]]);
    const b = snap(5, [[0, 3, 0.6], [2, 4, 0.1], [1, 4, 0.9], [0, 5, -1]]);
    const d = diffWirings(a, b);
    const entered = [...d.entered].map((i) => [b.from[i], b.to[i]]);
    const left = [...d.left].map((i) => [a.from[i], a.to[i]]);
    expect(entered.sort()).toEqual([[0, 5], [1, 4]].sort());
    expect(left).toEqual([[1, 3]]);
  });

  it('reports nothing without an older wiring, and nothing between equal ones', () => {
    const a = snap(0, [[0, 3, 1], [1, 4, 1]]);
    expect(diffWirings(null, a).entered.length).toBe(0);
    const d = diffWirings(a, snap(1, [[1, 4, 2], [0, 3, 3]]));
    expect(d.entered.length + d.left.length).toBe(0);
  });

  it('matches a set difference on random wirings', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 50; trial++) {
      const pick = () => {
        const m = new Map<string, [number, number, number]>();
        for (let i = 0; i < 30; i++) {
          const f = Math.floor(rand() * 10);
          const t = Math.floor(rand() * 10);
          m.set(`${f},${t}`, [f, t, rand()]);
        }
        return m;
      };
      const ma = pick();
      const mb = pick();
      const a = snap(0, [...ma.values()]);
      const b = snap(1, [...mb.values()]);
      const d = diffWirings(a, b);
      const entered = new Set([...d.entered].map((i) => `${b.from[i]},${b.to[i]}`));
      const left = new Set([...d.left].map((i) => `${a.from[i]},${a.to[i]}`));
      expect(entered).toEqual(new Set([...mb.keys()].filter((k) => !ma.has(k))));
      expect(left).toEqual(new Set([...ma.keys()].filter((k) => !mb.has(k))));
    }
  });
});

describe('layoutNodes', () => {
  it('puts each block in its own column, left to right, inside the canvas', () => {
    const shape = shapeOf({ kind: 'static', blocks: [9, 27, 27, 27, 10] });
    const l = layoutNodes(shape, 800, 400);
    expect(l.x.length).toBe(100);
    const columns = [...new Set(l.x)];
    expect(columns.length).toBe(5);
    expect([...columns].sort((a, b) => a - b)).toEqual(columns);
    expect(l.block[0]).toBe(0);
    expect(l.block[99]).toBe(4);
    for (let v = 0; v < 100; v++) {
      expect(l.x[v]).toBeGreaterThan(0);
      expect(l.x[v]).toBeLessThan(800);
      expect(l.y[v]).toBeGreaterThan(0);
      expect(l.y[v]).toBeLessThan(400);
    }
    // Nodes of a column are evenly spaced and do not overlap.
    const gap = l.y[10] - l.y[9];
    expect(gap).toBeGreaterThan(2 * l.radius);
    expect(l.y[11] - l.y[10]).toBeCloseTo(gap, 3);
  });

  it('puts the hidden pool of a dynamic graph on a ring between the input and output columns', () => {
    const l = layoutNodes(shapeOf({ kind: 'discrete', blocks: [9, 81, 10] }), 900, 500);
    expect(l.ring).not.toBeNull();
    const ring = l.ring!;
    for (let v = 9; v < 90; v++) expect(Math.hypot(l.x[v] - ring.x, l.y[v] - ring.y)).toBeCloseTo(ring.r, 2);
    for (let v = 0; v < 9; v++) expect(l.x[v]).toBeLessThan(ring.x - ring.r);
    for (let v = 90; v < 100; v++) expect(l.x[v]).toBeGreaterThan(ring.x + ring.r);
    // Ring neighbours do not overlap.
    expect(Math.hypot(l.x[10] - l.x[9], l.y[10] - l.y[9])).toBeGreaterThan(2 * l.radius);
  });

  it('spaces a short column at twice a typical column\'s spacing, and no wider', () => {
    const l = layoutNodes(shapeOf({ kind: 'mlp', blocks: [49, 32, 32, 10] }), 800, 500);
    const hiddenGap = l.y[50] - l.y[49];
    const outGap = l.y[114] - l.y[113];
    expect(outGap).toBeCloseTo(2 * hiddenGap, 3);
    // The 32-node columns and the 49-node input column both fill the same height.
    expect(l.y[80] - l.y[49]).toBeCloseTo(l.y[48] - l.y[0], 3);
  });

  it('keeps one huge column (784 pixel inputs) from squeezing the others, and shrinks its nodes', () => {
    const l = layoutNodes(shapeOf({ kind: 'static', blocks: [784, 27, 27, 27, 10] }), 1000, 460);
    const span = (a: number, b: number) => l.y[b] - l.y[a];
    expect(span(784, 810)).toBeCloseTo(span(0, 783), 3);
    // Sub-pixel spacing: the input nodes become fine dots instead of a solid bar of overlapping circles.
    expect(l.y[1] - l.y[0]).toBeLessThan(1);
    expect(l.nodeRadius[0]).toBeLessThan(1);
    expect(l.nodeRadius[800]).toBeCloseTo(l.radius, 5);
    expect(l.radius).toBeGreaterThan(3);
  });
});

describe('magnitudeBucket', () => {
  it('spans all buckets from the smallest to the largest |w| and never leaves the range', () => {
    expect(magnitudeBucket(0, 1)).toBe(0);
    expect(magnitudeBucket(1, 1)).toBe(MAGNITUDE_BUCKETS - 1);
    expect(magnitudeBucket(0.5, 0)).toBe(0);
    let prev = 0;
    for (let x = 0; x <= 1; x += 0.01) {
      const b = magnitudeBucket(x, 1);
      expect(b).toBeGreaterThanOrEqual(prev);
      expect(b).toBeLessThan(MAGNITUDE_BUCKETS);
      prev = b;
    }
  });
});

describe('rewireSampling', () => {
  it('keeps every rewiring of a short run and a bounded number of a long or dense one', () => {
    // 6 epochs of 938 steps, a rewire every 5 steps: 1,125 rewirings, all kept at k = 300.
    expect(rewireSampling(5628, 5, 300)).toBe(5);
    // 60 epochs: composed to multiples of 5 steps, at most 2,000 wirings.
    const n = rewireSampling(56280, 5, 300);
    expect(n % 5).toBe(0);
    expect(56280 / n).toBeLessThanOrEqual(2000);
    // 2,912 edges per wiring: at most 2.5M stored edges.
    const dense = rewireSampling(5628, 5, 2912);
    expect((5628 / dense) * 2912).toBeLessThanOrEqual(2_500_000);
    expect(wiringsToKeep(1_000_000)).toBe(100);
  });
});

describe('describeNode', () => {
  const graph = shapeOf({ kind: 'static', blocks: [9, 27, 27, 27, 10] });
  const w: WiringSnapshot = {
    step: 0,
    liveNodes: 0,
    from: Int32Array.from([4, 4, 9, 4]),
    to: Int32Array.from([9, 40, 95, 95]),
    weight: Float32Array.from([1, -1, 1, 1]),
  };
  it('names the block, the pixel of an input and the chosen edges in and out', () => {
    expect(describeNode(graph, w, 4)).toBe('node 4 · input pixel (row 2, column 2) · 0 in, 3 out');
    expect(describeNode(graph, w, 9)).toBe('node 9 · hidden block 1, node 1 · 1 in, 1 out');
    expect(describeNode(graph, w, 40)).toBe('node 40 · hidden block 2, node 5 · 1 in, 0 out');
    expect(describeNode(graph, w, 95)).toBe('node 95 · output 5 (class 5) · 2 in, 0 out');
    expect(describeNode(shapeOf({ kind: 'discrete', blocks: [9, 81, 10] }), null, 50)).toBe('node 50 · hidden node 42 · 0 in, 0 out');
  });
});
