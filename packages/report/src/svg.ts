import type { Layout } from './layout.js';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (v: number): string => String(Math.round(v * 10) / 10);

export interface SvgOptions {
  /**
   * Tag bands, lines and points with `data-series` (and points with `data-x`, `data-y`) so a page
   * can find what it drew. Off by default: the files in docs/ stay plain.
   */
  readonly annotate?: boolean;
}

/**
 * A standalone SVG document of a laid-out figure: axes, grid, bands, lines, markers, legend. Only
 * presentation attributes (no CSS, no scripts), so it renders the same on GitHub, in a browser and
 * in an image viewer.
 */
export const renderSvg = (layout: Layout, options: SvgOptions = {}): string => {
  const { plot, width, height } = layout;
  const tag = (attrs: string): string => (options.annotate === true ? ` ${attrs}` : '');
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<title>${esc(layout.title)}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${n(width / 2)}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(layout.title)}</text>`,
  );
  for (const t of layout.yTicks) {
    out.push(
      `<line x1="${n(plot.left)}" y1="${n(t.pos)}" x2="${n(plot.right)}" y2="${n(t.pos)}" stroke="#e4e4e4"/>`,
      `<text x="${n(plot.left - 6)}" y="${n(t.pos + 4)}" text-anchor="end" fill="#333">${esc(t.label)}</text>`,
    );
  }
  for (const t of layout.xTicks) {
    out.push(
      `<line x1="${n(t.pos)}" y1="${n(plot.top)}" x2="${n(t.pos)}" y2="${n(plot.bottom)}" stroke="#f0f0f0"/>`,
      `<line x1="${n(t.pos)}" y1="${n(plot.bottom)}" x2="${n(t.pos)}" y2="${n(plot.bottom + 5)}" stroke="#333"/>`,
      `<text x="${n(t.pos)}" y="${n(plot.bottom + 18 + 13 * t.row)}" text-anchor="middle" fill="#333">${esc(t.label)}</text>`,
    );
  }
  out.push(
    `<path d="M${n(plot.left)},${n(plot.top)}V${n(plot.bottom)}H${n(plot.right)}" fill="none" stroke="#333"/>`,
    `<text x="${n((plot.left + plot.right) / 2)}" y="${n(plot.bottom + (layout.xTicks.some((t) => t.row === 1) ? 44 : 36))}" text-anchor="middle">${esc(layout.xLabel)}</text>`,
    `<text transform="translate(16 ${n((plot.top + plot.bottom) / 2)}) rotate(-90)" text-anchor="middle">${esc(layout.yLabel)}</text>`,
  );
  // Lines and points outside a zoomed domain stop at the plot's edge.
  out.push(
    `<clipPath id="dnw-plot-area"><rect x="${n(plot.left)}" y="${n(plot.top)}" width="${n(plot.right - plot.left)}" height="${n(plot.bottom - plot.top)}"/></clipPath>`,
    '<g clip-path="url(#dnw-plot-area)">',
  );
  for (const s of layout.series) {
    if (s.band !== null) out.push(`<path d="${s.band}" fill="${s.color}" fill-opacity="0.15" stroke="none"${tag(`data-series="${esc(s.id)}" data-role="band"`)}/>`);
  }
  for (const s of layout.series) {
    if (s.path !== '') {
      out.push(`<path d="${s.path}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}${tag(`data-series="${esc(s.id)}" data-role="line"`)}/>`);
    }
    for (const p of s.points) {
      out.push(`<circle cx="${n(p.px)}" cy="${n(p.py)}" r="3" fill="${s.color}"${tag(`data-series="${esc(s.id)}" data-role="point" data-x="${p.x}" data-y="${p.y}"`)}><title>${esc(`${s.label}: ${p.y}`)}</title></circle>`);
    }
  }
  out.push('</g>');
  for (const item of layout.legend) {
    out.push(
      `<line x1="${n(item.x)}" y1="${n(item.y - 4)}" x2="${n(item.x + 22)}" y2="${n(item.y - 4)}" stroke="${item.color}" stroke-width="2"${item.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
      `<text x="${n(item.x + 28)}" y="${n(item.y)}">${esc(item.label)}</text>`,
    );
  }
  if (layout.caption !== null) {
    out.push(`<text x="${n(plot.left)}" y="${n(height - 8)}" font-size="11" fill="#555">${esc(layout.caption)}</text>`);
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
};
