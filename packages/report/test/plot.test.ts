import { describe, expect, it } from 'vitest';
import { fromPixel, layoutFigure, niceLinear, readout, renderSvg, sparseFigure, toPixel, type FigureInput, type SparseSummary } from '../src/index.js';

const input: FigureInput = {
  title: 'A <test> & figure',
  xLabel: 'x',
  yLabel: 'y',
  width: 500,
  height: 300,
  series: [
    { id: 'a', label: 'line a', points: [{ x: 10, y: 2, lo: 1, hi: 3 }, { x: 0, y: 1, lo: 0.5, hi: 1.5 }, { x: 20, y: 4, lo: 4, hi: 4 }] },
    { id: 'b', label: 'line b', points: [{ x: 0, y: 3 }, { x: 20, y: 0 }], dashed: true },
  ],
};

describe('scales', () => {
  it('maps domain ends to range ends and back', () => {
    const s = { kind: 'linear', domain: [0, 10], range: [100, 300] } as const;
    expect([toPixel(s, 0), toPixel(s, 10), toPixel(s, 2.5)]).toEqual([100, 300, 150]);
    expect(fromPixel(s, 150)).toBe(2.5);
    const l = { kind: 'log', domain: [10, 1000], range: [0, 200] } as const;
    expect(toPixel(l, 100)).toBeCloseTo(100, 10);
    expect(fromPixel(l, 100)).toBeCloseTo(100, 8);
  });
  it('widens a domain to whole nice steps', () => {
    expect(niceLinear(0.03, 0.97, 5)).toEqual({ domain: [0, 1], ticks: [0, 0.2, 0.4, 0.6, 0.8, 1] });
    expect(niceLinear(91.3, 98.2, 6).domain).toEqual([91, 99]);
  });
});

describe('layoutFigure', () => {
  const layout = layoutFigure(input);
  it('puts the data inside the plot, x left to right and y bottom to top', () => {
    const [a] = layout.series;
    expect(a.points.map((p) => p.x)).toEqual([0, 10, 20]);
    expect(a.points[0].px).toBe(layout.plot.left);
    expect(a.points[2].px).toBe(layout.plot.right);
    for (const p of a.points) expect(p.py).toBeGreaterThanOrEqual(layout.plot.top);
    expect(a.points[2].py).toBeLessThan(a.points[0].py);
  });
  it('draws one line segment per point and a closed band through hi then lo', () => {
    const [a, b] = layout.series;
    expect(a.path.match(/[ML]/g)).toHaveLength(3);
    expect(a.band?.endsWith('Z')).toBe(true);
    expect(a.band?.match(/[ML]/g)).toHaveLength(6);
    expect(b.band).toBeNull();
    expect(b.dashed).toBe(true);
  });
  it('gives each series its own colour and a legend entry', () => {
    expect(new Set(layout.series.map((s) => s.color)).size).toBe(2);
    expect(layout.legend.map((l) => l.label)).toEqual(['line a', 'line b']);
  });
});

describe('readout', () => {
  const layout = layoutFigure(input);
  it('snaps to the nearest measured x and lists every series there', () => {
    const atTen = toPixel(layout.x, 10);
    const r = readout(layout, atTen + 3)!;
    expect(r.x).toBe(10);
    expect(r.rows.map((row) => [row.id, row.y, row.lo, row.hi])).toEqual([['a', 2, 1, 3]]);
    const r0 = readout(layout, layout.plot.left - 40)!;
    expect(r0.x).toBe(0);
    expect(r0.rows.map((row) => row.id)).toEqual(['a', 'b']);
  });
  it('is null for a figure without points', () => {
    expect(readout(layoutFigure({ ...input, series: [] }), 100)).toBeNull();
  });
});

describe('renderSvg', () => {
  const svg = renderSvg(layoutFigure(input));
  it('is one svg element with escaped text', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('A &lt;test&gt; &amp; figure');
    expect(svg).not.toContain('<test>');
  });
  it('draws every line, band and marker', () => {
    expect(svg.match(/stroke-width="2"/g)?.length).toBe(4); // two lines, two legend swatches
    expect(svg.match(/fill-opacity="0.15"/g)?.length).toBe(1);
    expect(svg.match(/<circle /g)?.length).toBe(5);
    expect(svg.match(/stroke-dasharray/g)?.length).toBe(2);
  });
});

describe('sparseFigure', () => {
  const summary: SparseSummary = {
    format: 'dnw-sparse-summary',
    version: 1,
    description: 'LeNet-300-100',
    mode: 'quick',
    variants: [
      {
        id: 'dnw',
        label: 'DNW',
        points: [
          { removed: 0, kept: 1, mean: 98, std: 0.1, min: 97.9, max: 98.1, n: 3 },
          { removed: 90, kept: 0.1, mean: 97, std: 0.2, min: 96.8, max: 97.2, n: 3 },
        ],
      },
    ],
  };
  it('plots mean with a min-to-max band and ticks at the measured fractions', () => {
    const layout = layoutFigure(sparseFigure(summary));
    expect(layout.xTicks.map((t) => t.label)).toEqual(['0%', '90%']);
    expect(layout.xTicks.map((t) => t.row)).toEqual([0, 0]);
    const r = readout(layout, layout.plot.right)!;
    expect(r.rows[0]).toMatchObject({ y: 97, lo: 96.8, hi: 97.2 });
    expect(r.rows[0].note).toBe('97.00 ± 0.20 (n = 3, 96.80 to 97.20)');
  });
});

describe('x tick labels', () => {
  it('drop to a second row only where they would overlap', () => {
    const layout = layoutFigure({ ...input, xTicks: [0, 50, 90, 95, 98], series: [{ id: 'a', label: 'a', points: [{ x: 0, y: 1 }, { x: 98, y: 2 }] }] });
    expect(layout.xTicks.map((t) => t.row)).toEqual([0, 0, 0, 0, 1]);
    expect(renderSvg(layout)).toContain(`y="${layout.plot.bottom + 31}"`);
  });
});
