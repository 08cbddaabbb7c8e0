/** A one-dimensional map from data values to pixels; plain data so a page can reuse it as is. */
export interface Scale {
  readonly kind: 'linear' | 'log';
  readonly domain: readonly [number, number];
  /** Pixels of domain[0] and domain[1] (for a y axis the first is the bottom, so range[0] > range[1]). */
  readonly range: readonly [number, number];
}

const forward = (s: Scale, v: number): number => (s.kind === 'log' ? Math.log10(v) : v);
const backward = (s: Scale, u: number): number => (s.kind === 'log' ? 10 ** u : u);

export const toPixel = (s: Scale, v: number): number => {
  const d0 = forward(s, s.domain[0]);
  const d1 = forward(s, s.domain[1]);
  const f = d1 === d0 ? 0.5 : (forward(s, v) - d0) / (d1 - d0);
  return s.range[0] + f * (s.range[1] - s.range[0]);
};

export const fromPixel = (s: Scale, px: number): number => {
  const d0 = forward(s, s.domain[0]);
  const d1 = forward(s, s.domain[1]);
  const f = s.range[1] === s.range[0] ? 0 : (px - s.range[0]) / (s.range[1] - s.range[0]);
  return backward(s, d0 + f * (d1 - d0));
};

/** The 1, 2 or 5 times a power of ten that cuts `span` into about `count` steps. */
export const niceStep = (span: number, count: number): number => {
  if (!(span > 0)) return 1;
  const raw = span / Math.max(1, count);
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
};

/** The domain widened outwards to whole steps, and the tick values inside it. */
export const niceLinear = (lo: number, hi: number, count: number): { domain: [number, number]; ticks: number[] } => {
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.05;
    lo -= pad;
    hi += pad;
  }
  const step = niceStep(hi - lo, count);
  const d0 = Math.floor(lo / step + 1e-9) * step;
  const d1 = Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = d0; v <= d1 + step * 1e-6; v += step) ticks.push(roundTo(v, step));
  return { domain: [roundTo(d0, step), roundTo(d1, step)], ticks };
};

/** Powers of ten around [lo, hi] (lo > 0), with 2x and 5x ticks when the span is short. */
export const niceLog = (lo: number, hi: number): { domain: [number, number]; ticks: number[] } => {
  const e0 = Math.floor(Math.log10(lo));
  const e1 = Math.ceil(Math.log10(hi));
  const ticks: number[] = [];
  const dense = e1 - e0 <= 2;
  for (let e = e0; e <= e1; e++) {
    for (const m of dense ? [1, 2, 5] : [1]) {
      const v = m * 10 ** e;
      if (v >= 10 ** e0 && v <= 10 ** e1) ticks.push(v);
    }
  }
  return { domain: [10 ** e0, 10 ** e1], ticks };
};

/** v rounded to the decimals that `step` needs, so 0.30000000000000004 prints and compares as 0.3. */
const roundTo = (v: number, step: number): number => {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(v.toFixed(Math.min(12, decimals)));
};

/** A tick label without float noise: 0.3, 95, 1e5 as 100k. */
export const formatTick = (v: number): string => {
  const a = Math.abs(v);
  if (a >= 1e6) return `${trim(v / 1e6)}M`;
  if (a >= 1e4) return `${trim(v / 1e3)}k`;
  return trim(v);
};

const trim = (v: number): string => String(Number(v.toPrecision(6)));
