import { describe, expect, it } from 'vitest';
import { layoutFigure, renderSvg, type FigureInput } from '../src/index.js';

const input: FigureInput = {
  title: 'two lines',
  xLabel: 'x',
  yLabel: 'y',
  series: [
    { id: 'a', label: 'A', points: [{ x: 0, y: 1, lo: 0.5, hi: 1.5 }, { x: 10, y: 2, lo: 1, hi: 3 }] },
    { id: 'b"q', label: 'B', points: [{ x: 0, y: 4 }, { x: 5, y: 3 }, { x: 10, y: 2.5 }] },
  ],
};

describe('renderSvg annotate', () => {
  const layout = layoutFigure(input);

  it('is off by default: no data attributes', () => {
    expect(renderSvg(layout)).not.toContain('data-');
  });

  it('tags each band, line and point with its series, points with their data values', () => {
    const svg = renderSvg(layout, { annotate: true });
    expect(svg.match(/data-series="a" data-role="band"/g)).toHaveLength(1);
    expect(svg.match(/data-series="a" data-role="line"/g)).toHaveLength(1);
    expect(svg.match(/data-series="a" data-role="point"/g)).toHaveLength(2);
    // Escaped like every other attribute; series b has no band.
    expect(svg.match(/data-series="b&quot;q" data-role="point"/g)).toHaveLength(3);
    expect(svg).not.toContain('data-series="b&quot;q" data-role="band"');
    expect(svg).toContain('data-series="b&quot;q" data-role="point" data-x="5" data-y="3"');
  });

  it('draws the same picture either way', () => {
    const strip = (s: string) => s.replace(/ data-[a-z]+="[^"]*"/g, '');
    expect(strip(renderSvg(layout, { annotate: true }))).toBe(renderSvg(layout));
  });
});
