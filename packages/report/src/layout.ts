/**
 * A figure as data: scales, ticks, legend and SVG path strings for every line and band. `renderSvg`
 * turns it into a file; a web page draws the same paths (or reads `points`) and asks `readout` what
 * lies under the pointer, so a static figure and an interactive one cannot disagree.
 */
import { formatTick, niceLinear, niceLog, toPixel, type Scale } from './scale.js';

export interface SeriesPoint {
  readonly x: number;
  readonly y: number;
  /** Lower and upper edge of the spread band at x (e.g. min and max over seeds). */
  readonly lo?: number;
  readonly hi?: number;
  /** Extra words for the read-out (e.g. "n = 3, std 0.4"). */
  readonly note?: string;
}

export interface SeriesInput {
  readonly id: string;
  readonly label: string;
  readonly points: readonly SeriesPoint[];
  /** Draw a line through the points (default true); false draws markers only. */
  readonly line?: boolean;
  readonly dashed?: boolean;
  /** Any CSS colour; by default the palette's next colour. */
  readonly color?: string;
}

export interface FigureInput {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly SeriesInput[];
  readonly width?: number;
  readonly height?: number;
  readonly xScale?: 'linear' | 'log';
  /** Tick values of the x axis (default: nice ticks over the data). */
  readonly xTicks?: readonly number[];
  readonly xDomain?: readonly [number, number];
  readonly yDomain?: readonly [number, number];
  /** Appended to tick labels, e.g. '%'. */
  readonly xUnit?: string;
  readonly yUnit?: string;
  /** A line of small print under the plot (what the bands mean, the run mode). */
  readonly caption?: string;
}

export interface Tick {
  readonly value: number;
  /** Pixel position along its axis. */
  readonly pos: number;
  readonly label: string;
  /** Label row: 1 when the label would overlap its left neighbour's on row 0 (e.g. 95% and 98%). */
  readonly row: 0 | 1;
}

export interface PointLayout extends SeriesPoint {
  readonly px: number;
  readonly py: number;
}

export interface SeriesLayout {
  readonly id: string;
  readonly label: string;
  readonly color: string;
  readonly dashed: boolean;
  /** SVG path data of the line ('' when the series draws markers only). */
  readonly path: string;
  /** SVG path data of the closed spread band, or null when no point has lo/hi. */
  readonly band: string | null;
  readonly points: readonly PointLayout[];
}

export interface LegendItem {
  readonly id: string;
  readonly label: string;
  readonly color: string;
  readonly dashed: boolean;
  /** Left end of the swatch and the text's baseline. */
  readonly x: number;
  readonly y: number;
}

export interface Layout {
  readonly width: number;
  readonly height: number;
  readonly title: string;
  readonly caption: string | null;
  readonly xLabel: string;
  readonly yLabel: string;
  /** The plotting area in pixels. */
  readonly plot: { readonly left: number; readonly top: number; readonly right: number; readonly bottom: number };
  readonly x: Scale;
  readonly y: Scale;
  readonly xTicks: readonly Tick[];
  readonly yTicks: readonly Tick[];
  readonly series: readonly SeriesLayout[];
  readonly legend: readonly LegendItem[];
}

/** Okabe and Ito's colour-blind-safe palette (black moved last). */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442', '#000000'] as const;

/** Rough text width of the 12px sans-serif the SVG uses (layout needs no font metrics that way). */
const textWidth = (s: string): number => 6.6 * s.length;

const px = (v: number): string => String(Math.round(v * 10) / 10);

export const layoutFigure = (input: FigureInput): Layout => {
  const width = input.width ?? 640;
  const height = input.height ?? 400;
  const colors = input.series.map((s, i) => s.color ?? PALETTE[i % PALETTE.length]);

  // Legend rows under the title, wrapped to the width.
  const legendTop = 44;
  const rowHeight = 18;
  const legend: LegendItem[] = [];
  let lx = 60;
  let row = 0;
  input.series.forEach((s, i) => {
    const w = 28 + textWidth(s.label) + 16;
    if (lx + w > width - 10 && lx > 60) {
      lx = 60;
      row++;
    }
    legend.push({ id: s.id, label: s.label, color: colors[i], dashed: s.dashed === true, x: lx, y: legendTop + row * rowHeight });
    lx += w;
  });
  const rows = input.series.length === 0 ? 0 : row + 1;
  const plot = {
    left: 64,
    top: legendTop + rows * rowHeight + 4,
    right: width - 20,
    bottom: height - (input.caption ? 66 : 50),
  };

  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of input.series) {
    for (const p of s.points) {
      xs.push(p.x);
      ys.push(p.y, p.lo ?? p.y, p.hi ?? p.y);
    }
  }
  const xKind = input.xScale ?? 'linear';
  const xNice =
    xKind === 'log'
      ? niceLog(Math.min(...positive(xs)), Math.max(...positive(xs)))
      : niceLinear(xs.length ? Math.min(...xs) : 0, xs.length ? Math.max(...xs) : 1, 8);
  const xDomain = input.xDomain ?? xNice.domain;
  const xTickValues = (input.xTicks ?? xNice.ticks).filter((v) => v >= Math.min(...xDomain) - 1e-9 && v <= Math.max(...xDomain) + 1e-9);
  const yNice = niceLinear(ys.length ? Math.min(...ys) : 0, ys.length ? Math.max(...ys) : 1, 6);
  const yDomain = input.yDomain ?? yNice.domain;
  const yTickValues = input.yDomain ? niceLinear(yDomain[0], yDomain[1], 6).ticks.filter((v) => v >= yDomain[0] && v <= yDomain[1]) : yNice.ticks;

  const x: Scale = { kind: xKind, domain: [xDomain[0], xDomain[1]], range: [plot.left, plot.right] };
  const y: Scale = { kind: 'linear', domain: [yDomain[0], yDomain[1]], range: [plot.bottom, plot.top] };

  const series = input.series.map((s, i): SeriesLayout => {
    const points = [...s.points]
      .filter((p) => xKind !== 'log' || p.x > 0)
      .sort((a, b) => a.x - b.x)
      .map((p): PointLayout => ({ ...p, px: toPixel(x, p.x), py: toPixel(y, p.y) }));
    const path = s.line === false || points.length === 0 ? '' : points.map((p, j) => `${j === 0 ? 'M' : 'L'}${px(p.px)},${px(p.py)}`).join('');
    const banded = points.filter((p) => p.lo !== undefined && p.hi !== undefined);
    const band =
      banded.length === 0 || s.line === false
        ? null
        : [
            ...banded.map((p, j) => `${j === 0 ? 'M' : 'L'}${px(p.px)},${px(toPixel(y, p.hi!))}`),
            ...[...banded].reverse().map((p) => `L${px(p.px)},${px(toPixel(y, p.lo!))}`),
            'Z',
          ].join('');
    return { id: s.id, label: s.label, color: colors[i], dashed: s.dashed === true, path, band, points };
  });

  return {
    width,
    height,
    title: input.title,
    caption: input.caption ?? null,
    xLabel: input.xLabel,
    yLabel: input.yLabel,
    plot,
    x,
    y,
    xTicks: staggered(xTickValues.map((v) => ({ value: v, pos: toPixel(x, v), label: formatTick(v) + (input.xUnit ?? ''), row: 0 }))),
    yTicks: yTickValues.map((v) => ({ value: v, pos: toPixel(y, v), label: formatTick(v) + (input.yUnit ?? ''), row: 0 })),
    series,
    legend,
  };
};

/** Moves an x label to the second row when it would touch the previous label of the first row. */
const staggered = (ticks: readonly Tick[]): Tick[] => {
  let lastRight = -Infinity;
  return ticks.map((t) => {
    const half = textWidth(t.label) / 2;
    if (t.pos - half < lastRight + 4) return { ...t, row: 1 };
    lastRight = t.pos + half;
    return t;
  });
};

const positive = (xs: readonly number[]): number[] => {
  const p = xs.filter((v) => v > 0);
  return p.length > 0 ? p : [1, 10];
};
