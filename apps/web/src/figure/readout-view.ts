/**
 * The read-out drawn over the figure: a vertical line at the chosen x, a ring on every line's point
 * there, and the same values in words beside the chart. The values come from @dnw/report's `readoutAt`
 * on the layout the SVG was rendered from.
 */
import type { Layout, Readout } from '@dnw/report';

const SVG = 'http://www.w3.org/2000/svg';

const svgEl = <K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] => {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
};

/** Replaces the overlay group in `svg` with the read-out's line and rings (none for null). */
export const drawOverlay = (svg: SVGSVGElement, layout: Layout, r: Readout | null): void => {
  svg.querySelector('g.readout')?.remove();
  if (r === null) return;
  const g = svgEl('g', { class: 'readout', 'pointer-events': 'none' });
  g.append(svgEl('line', { x1: r.px, x2: r.px, y1: layout.plot.top, y2: layout.plot.bottom, stroke: '#343a40', 'stroke-width': 1, 'stroke-dasharray': '3 3' }));
  // Points of a zoomed-out line can lie off the plot; their rings stay inside it like the lines.
  const rings = svgEl('g', { 'clip-path': 'url(#dnw-plot-area)' });
  for (const row of r.rows) rings.append(svgEl('circle', { cx: r.px, cy: row.py, r: 5.5, fill: '#fff', 'fill-opacity': 0.6, stroke: row.color, 'stroke-width': 2 }));
  g.append(rings);
  svg.append(g);
};

/** The read-out's heading and one line per figure line, with data attributes the tests read. */
export const renderReadoutText = (host: HTMLElement, r: Readout | null, axisWord: string): void => {
  host.replaceChildren();
  if (r === null) {
    host.removeAttribute('data-x');
    const hint = document.createElement('p');
    hint.className = 'hint';
    hint.textContent = 'Point at the chart, or focus it and use the arrow keys, to read every line at one x.';
    host.append(hint);
    return;
  }
  host.dataset.x = String(r.x);
  const h = document.createElement('h2');
  h.textContent = `${r.x}% ${axisWord}`;
  const list = document.createElement('ul');
  for (const row of r.rows) {
    const li = document.createElement('li');
    li.dataset.series = row.id;
    li.dataset.y = String(row.y);
    const swatch = document.createElement('i');
    swatch.style.background = row.color;
    const label = document.createElement('span');
    label.textContent = row.label;
    const value = document.createElement('b');
    value.textContent = `${row.note ?? row.y}`;
    li.append(swatch, label, value);
    list.append(li);
  }
  const unit = document.createElement('p');
  unit.className = 'unit';
  unit.textContent = 'test accuracy (%)';
  host.append(h, unit, list);
};

/** Words for `aria-valuetext`: the x and every line's mean there. */
export const readoutWords = (r: Readout, axisWord: string): string =>
  `${r.x}% ${axisWord}: ${r.rows.map((row) => `${row.label} ${row.y.toFixed(2)}%`).join('; ')}`;
