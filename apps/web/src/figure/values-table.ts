/**
 * Every value of the figure as an HTML table: one row per measured x, one column per line, each cell
 * the read-out's words for that point (mean, spread over seeds, n), so a screen reader gets what the
 * chart shows.
 */
import type { Layout } from '@dnw/report';

const cell = (tag: 'td' | 'th', text: string): HTMLTableCellElement => {
  const c = document.createElement(tag);
  c.textContent = text;
  return c;
};

export const valuesTable = (layout: Layout, xs: readonly number[], caption: string): HTMLTableElement => {
  const table = document.createElement('table');
  table.className = 'values';
  table.createCaption().textContent = caption;
  const head = table.createTHead().insertRow();
  const corner = cell('th', layout.xLabel);
  corner.scope = 'col';
  head.append(corner);
  for (const s of layout.series) {
    const th = cell('th', s.label);
    th.scope = 'col';
    th.dataset.series = s.id;
    head.append(th);
  }
  const body = table.createTBody();
  for (const x of xs) {
    const row = body.insertRow();
    row.dataset.x = String(x);
    const th = cell('th', `${x}%`);
    th.scope = 'row';
    row.append(th);
    for (const s of layout.series) {
      const p = s.points.find((q) => q.x === x);
      const td = cell('td', p === undefined ? '–' : (p.note ?? String(p.y)));
      td.dataset.series = s.id;
      if (p !== undefined) td.dataset.y = String(p.y);
      row.append(td);
    }
  }
  return table;
};
