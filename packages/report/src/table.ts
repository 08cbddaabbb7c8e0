import type { VariantSummary } from './aggregate.js';
import type { Stats } from './stats.js';

/** A column of a markdown table: its header and how a summary row prints in it. */
export interface Column {
  readonly header: string;
  readonly cell: (s: VariantSummary) => string;
  readonly align?: 'left' | 'right';
}

/** `mean ± std` (just the mean for one run), scaled and with fixed decimals. */
export const meanStd = (s: Stats, scale = 1, digits = 2): string =>
  s.n > 1 ? `${(s.mean * scale).toFixed(digits)} ± ${(s.std * scale).toFixed(digits)}` : (s.mean * scale).toFixed(digits);

/** An integer-ish quantity with thousands separators (the mean when seeds differ). */
export const count = (s: Stats): string => Math.round(s.mean).toLocaleString('en-US');

export const COLUMNS = {
  accuracy: { header: 'test acc. (%)', cell: (s) => meanStd(s.accuracy, 100), align: 'right' },
  edges: { header: 'edges', cell: (s) => count(s.edges), align: 'right' },
  liveNodes: { header: 'live nodes', cell: (s) => count(s.liveNodes), align: 'right' },
  flops: { header: 'FLOPs / example', cell: (s) => count(s.flops), align: 'right' },
  seconds: { header: 'train time (s)', cell: (s) => meanStd(s.seconds, 1, 0), align: 'right' },
  seeds: { header: 'seeds', cell: (s) => String(s.seeds.length), align: 'right' },
  epochs: { header: 'epochs', cell: (s) => String(s.epochs), align: 'right' },
} satisfies Record<string, Column>;

/** A GitHub-flavoured markdown table, one row per summary. */
export const markdownTable = (rows: readonly VariantSummary[], columns: readonly Column[]): string => {
  const header = `| ${columns.map((c) => c.header).join(' | ')} |`;
  const rule = `|${columns.map((c) => (c.align === 'right' ? '---:' : ':---')).join('|')}|`;
  const body = rows.map((r) => `| ${columns.map((c) => c.cell(r).replace(/\|/g, '\\|')).join(' | ')} |`);
  return [header, rule, ...body].join('\n');
};
