/**
 * figure.html in a real Chromium: the committed summary drawn one line per variant, the read-out by
 * pointer and by keys showing the summary's values, the removed/kept toggle, and a user's records file
 * (malformed: a message naming line and field, the figure kept; valid: a new figure). Expected values
 * come from docs/results, read here in Node.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { decodeSparseSummary, parseRecords, type RunRecord, type SparseSummary } from '@dnw/report';
import { sparseZoomDomain } from '../src/figure/records-summary.js';
import { useBrowser } from './browser.js';

const results = (name: string): string => readFileSync(fileURLToPath(new URL(`../../../docs/results/${name}`, import.meta.url)), 'utf8');
const committed: SparseSummary = (() => {
  const d = decodeSparseSummary(JSON.parse(results('sparse-summary.json')));
  if (d._tag === 'Left') throw new Error(d.left.message);
  return d.right;
})();
const records: RunRecord[] = (() => {
  const r = parseRecords(results('records.ndjson'));
  if (r._tag === 'Left') throw new Error(r.left.message);
  return r.right;
})();
const removedXs = [...new Set(committed.variants.flatMap((v) => v.points.map((p) => p.removed)))].sort((a, b) => a - b);
const meanAt = (s: SparseSummary, id: string, removed: number): number | undefined => s.variants.find((v) => v.id === id)?.points.find((p) => p.removed === removed)?.mean;

const web = useBrowser('dnw-figure-');

const openFigure = async (): Promise<{ page: Page; errors: string[] }> => {
  const page = await web.browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${web.preview.url}figure.html`);
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  return { page, errors };
};

/** The read-out as the page shows it: its x and each line's y, by series id. */
const shownReadout = (page: Page) =>
  page.evaluate(() => {
    const host = document.getElementById('readout')!;
    const rows = [...host.querySelectorAll<HTMLElement>('li[data-series]')].map((li) => [li.dataset.series!, Number(li.dataset.y)] as const);
    return { x: host.dataset.x === undefined ? null : Number(host.dataset.x), rows: Object.fromEntries(rows), valuenow: document.getElementById('chart')!.getAttribute('aria-valuenow') };
  });

/** Moves the pointer onto a line's point at data value x (a few pixels off, still nearest to x). */
const pointAt = async (page: Page, series: string, x: number): Promise<void> => {
  const box = await page.locator(`#chart circle[data-series="${series}"][data-x="${x}"]`).boundingBox();
  if (box === null) throw new Error(`no point of ${series} at ${x}`);
  await page.mouse.move(box.x + box.width / 2 + 3, box.y + box.height / 2 - 20);
};

const tableXs = (page: Page) => page.$$eval('#values tbody tr', (rows) => rows.map((r) => Number((r as HTMLElement).dataset.x)));

const countsBySeries = (page: Page) =>
  page.evaluate(() => {
    const out: Record<string, { lines: number; points: number; bands: number }> = {};
    for (const e of document.querySelectorAll<SVGElement>('#chart svg [data-series]')) {
      const id = e.dataset.series!;
      out[id] ??= { lines: 0, points: 0, bands: 0 };
      if (e.dataset.role === 'line') out[id].lines++;
      if (e.dataset.role === 'point') out[id].points++;
      if (e.dataset.role === 'band') out[id].bands++;
    }
    return out;
  });

describe('the sparse-network figure page', () => {
  it('draws one line per variant of the committed summary, each with its points, and a table of every value', async () => {
    const { page, errors } = await openFigure();
    expect(committed.variants.length).toBeGreaterThan(1);
    const counts = await countsBySeries(page);
    expect(Object.keys(counts).sort()).toEqual(committed.variants.map((v) => v.id).sort());
    for (const v of committed.variants) expect(counts[v.id], v.id).toEqual({ lines: 1, points: v.points.length, bands: 1 });
    expect(await tableXs(page)).toEqual(removedXs);
    const cell = await page.$eval(`#values td[data-series="${committed.variants[0].id}"]`, (td) => Number((td as HTMLElement).dataset.y));
    expect(cell).toBe(committed.variants[0].points[0].mean);
    expect(await page.textContent('#figure-status')).toContain('committed results');
    expect(await page.isHidden('#figure-error')).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the read-out follows the pointer and shows the summary values at that x', async () => {
    const { page } = await openFigure();
    expect((await shownReadout(page)).x).toBeNull();
    for (const x of [90, 50, 98]) {
      await pointAt(page, committed.variants[1].id, x);
      const r = await shownReadout(page);
      expect(r.x).toBe(x);
      expect(r.valuenow).toBe(String(x));
      for (const v of committed.variants) expect(r.rows[v.id], `${v.id} at ${x}`).toBe(meanAt(committed, v.id, x));
    }
    // The read-out line is drawn at the point's x.
    const line = await page.$eval('#chart g.readout line', (l) => Number(l.getAttribute('x1')));
    const point = await page.$eval(`#chart circle[data-series="${committed.variants[1].id}"][data-x="98"]`, (c) => Number(c.getAttribute('cx')));
    expect(Math.abs(line - point)).toBeLessThan(0.1);
    await pointAt(page, committed.variants[1].id, 90);
    await web.saveShot(page, 'web-figure.png');
    await page.close();
  });

  it('arrow keys, Home and End move the read-out between measured x values', async () => {
    const { page } = await openFigure();
    await page.focus('#chart');
    await page.keyboard.press('ArrowRight');
    expect((await shownReadout(page)).x).toBe(removedXs[0]);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const r = await shownReadout(page);
    expect(r.x).toBe(removedXs[2]);
    for (const v of committed.variants) expect(r.rows[v.id]).toBe(meanAt(committed, v.id, removedXs[2]));
    await page.keyboard.press('ArrowLeft');
    expect((await shownReadout(page)).x).toBe(removedXs[1]);
    await page.keyboard.press('End');
    expect((await shownReadout(page)).x).toBe(removedXs[removedXs.length - 1]);
    await page.keyboard.press('ArrowRight');
    expect((await shownReadout(page)).x).toBe(removedXs[removedXs.length - 1]);
    await page.keyboard.press('Home');
    expect((await shownReadout(page)).x).toBe(removedXs[0]);
    expect(await page.getAttribute('#chart', 'aria-valuetext')).toContain(`${removedXs[0]}% removed: ${committed.variants[0].label}`);
    await page.close();
  });

  it('the axis toggle shows % kept: labels and order flip, the read-out stays on its point', async () => {
    const { page } = await openFigure();
    await pointAt(page, committed.variants[0].id, 90);
    await page.check('input[name="x-axis"][value="kept"]');
    expect(await page.evaluate(() => document.body.dataset.axis)).toBe('kept');
    const keptXs = removedXs.map((x) => 100 - x).sort((a, b) => a - b);
    expect(await tableXs(page)).toEqual(keptXs);
    expect(await page.textContent('#values thead th')).toBe('weights kept (%)');
    expect(await page.textContent('#chart svg title')).toContain('weights kept');
    const r = await shownReadout(page);
    expect(r.x).toBe(10);
    for (const v of committed.variants) expect(r.rows[v.id]).toBe(meanAt(committed, v.id, 90));
    // The point at 10% kept lies left of the dense one (100% kept): the order along x flipped.
    const cx = (x: number) => page.$eval(`#chart circle[data-series="${committed.variants[0].id}"][data-x="${x}"]`, (c) => Number(c.getAttribute('cx')));
    expect(await cx(10)).toBeLessThan(await cx(100));
    await page.check('input[name="x-axis"][value="removed"]');
    expect(await tableXs(page)).toEqual(removedXs);
    expect((await shownReadout(page)).x).toBe(90);
    expect(await cx(90)).toBeGreaterThan(await cx(0));
    await page.close();
  });

  it('zooms the y axis like docs/results/sparse-accuracy-zoom.svg; the read-out still gives points below it', async () => {
    const { page } = await openFigure();
    const full = await page.evaluate(() => document.body.dataset.yDomain);
    await page.check('#zoom-y');
    const zoom = sparseZoomDomain(committed)!;
    expect(await page.evaluate(() => document.body.dataset.yDomain)).toBe(`${zoom[0]},${zoom[1]}`);
    expect(full).not.toBe(`${zoom[0]},${zoom[1]}`);
    // The lowest mean of the summary lies under the zoomed axis, and the read-out there still reports it.
    const low = committed.variants.flatMap((v) => v.points.map((p) => ({ id: v.id, ...p }))).reduce((a, b) => (b.mean < a.mean ? b : a));
    expect(low.mean).toBeLessThan(zoom[0]);
    await page.focus('#chart');
    await page.keyboard.press('Home');
    for (let i = 0; i < removedXs.length && (await shownReadout(page)).x !== low.removed; i++) await page.keyboard.press('ArrowRight');
    expect((await shownReadout(page)).rows[low.id]).toBe(low.mean);
    await page.uncheck('#zoom-y');
    expect(await page.evaluate(() => document.body.dataset.yDomain)).toBe(full);
    await page.close();
  });

  it('a malformed records file shows a message naming line and field; the figure stays', async () => {
    const { page, errors } = await openFigure();
    const before = await countsBySeries(page);
    const lines = records.map((r) => JSON.stringify(r));
    lines[3] = lines[3].replace(/"keep":[0-9.]+/, '"keep":1.5');
    await page.setInputFiles('#records-file', { name: 'broken.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(lines.join('\n')) });
    await page.waitForSelector('#figure-error:not([hidden])');
    const message = await page.textContent('#figure-error');
    expect(message).toContain('broken.ndjson');
    expect(message).toContain('line 4');
    expect(message).toContain('keep');
    expect(await countsBySeries(page)).toEqual(before);
    expect(await page.evaluate(() => document.body.dataset.source)).toBe('docs/results/sparse-summary.json');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a valid records file of a user sweep (two seeds) replaces the figure', async () => {
    const { page, errors } = await openFigure();
    // Every sparse run again under another seed, 1 point of accuracy lower: means drop by 0.5, bands open.
    const sparse = records.filter((r) => r.group === 'sparse');
    const mine = [...sparse, ...sparse.map((r) => ({ ...r, id: `${r.id}/again`, seed: r.seed + 100, testAccuracy: r.testAccuracy - 0.01 }))];
    await page.setInputFiles('#records-file', { name: 'mine.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(mine.map((r) => JSON.stringify(r)).join('\n')) });
    await page.waitForFunction(() => document.body.dataset.source === 'mine.ndjson');
    expect(await page.isHidden('#figure-error')).toBe(true);
    expect(await page.textContent('#figure-status')).toContain(`${mine.length} runs of the sparse sweep`);
    const id = committed.variants[0].id;
    await pointAt(page, id, 90);
    const r = await shownReadout(page);
    expect(r.x).toBe(90);
    for (const v of committed.variants) expect(r.rows[v.id], v.id).toBeCloseTo(meanAt(committed, v.id, 90)! - 0.5, 9);
    // The band spans the two seeds: 1 point of accuracy, in pixels about (plot height / y span) per point.
    const band = await page.$eval(`#chart path[data-series="${id}"][data-role="band"]`, (p) => (p as SVGPathElement).getBBox().height);
    expect(band).toBeGreaterThan(2);
    const n90 = committed.variants[0].points.find((p) => p.removed === 90)!.n;
    expect(await page.textContent(`#readout li[data-series="${id}"] b`)).toContain(`n = ${2 * n90}`);
    // And back.
    await page.click('#show-committed');
    await page.waitForFunction(() => document.body.dataset.source === 'docs/results/sparse-summary.json');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the live demo links to it', async () => {
    const page = await web.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(web.preview.url);
    await page.screenshot({ path: join(web.shots, 'demo-header.png'), clip: { x: 0, y: 0, width: 1280, height: 80 } });
    await page.click('header a[href="figure.html"]');
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    expect(new URL(page.url()).pathname).toBe('/figure.html');
    expect(await page.evaluate(() => document.body.dataset.variants)).toBe(String(committed.variants.length));
    await page.close();
  });
});
