/**
 * The built page in a real Chromium: training in the worker makes the loss fall and the wiring change,
 * the slider moves back through the history, pause holds the run, and a malformed history file
 * shows an error in the page. Numbers are read from the page's data attributes (see main.ts).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from './browser.js';
import { webDir } from './harness.js';

const web = useBrowser('dnw-web-');

const data = async (page: Page): Promise<Record<string, string>> => page.evaluate(() => ({ ...document.body.dataset }) as Record<string, string>);
const num = async (page: Page, key: string): Promise<number> => Number((await data(page))[key]);

/**
 * The page's data once `key` stopped changing. After Pause the worker stops at its next event, and
 * events already on their way still arrive (a slow frame can hold them a few hundred ms).
 */
const settled = async (page: Page, key: string): Promise<Record<string, string>> => {
  let before = await data(page);
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(400);
    const now = await data(page);
    if (now[key] === before[key]) return now;
    before = now;
  }
  throw new Error(`data-${key} kept changing after Pause (last ${before[key]})`);
};

const openPage = async (query = ''): Promise<{ page: Page; errors: string[] }> => {
  const page = await web.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(web.preview.url + query);
  return { page, errors };
};

describe('the live wiring page', () => {
  it('trains in a worker: the loss falls, edges change, the slider goes back, pause holds', async () => {
    const { page, errors } = await openPage();
    await page.waitForFunction(() => document.body.dataset.phase === 'idle');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    // Enough epochs that the run is still going when the test has seen what it needs.
    await page.fill('#epochs', '60');
    await page.click('#start');
    // Several rewirings recorded and some edges swapped.
    await page.waitForFunction(() => Number(document.body.dataset.wirings) >= 8 && Number(document.body.dataset.swapped) > 0, null, { timeout: 45_000 });
    // The loss falls from its first logged value (a few hundred steps on MNIST pooled to 3x3).
    await page.waitForFunction(() => Number(document.body.dataset.step) >= 150, null, { timeout: 45_000 });
    const d = await data(page);
    expect(d.phase).toBe('running');
    expect(d.backend).toBe('wasm');
    expect(Number(d.loss)).toBeLessThan(Number(d.firstLoss) * 0.9);
    expect(Number(d.edges)).toBe(300);
    // About 16 batched strokes however many edges, plus the two highlight strokes.
    expect(Number(d.strokes)).toBeLessThanOrEqual(18);

    // Pause: the step stops moving; resume: it moves again.
    await page.click('#pause');
    await page.waitForFunction(() => document.body.dataset.phase === 'paused');
    const held = Number((await settled(page, 'step')).step);
    await page.waitForTimeout(1000);
    expect(await num(page, 'step')).toBe(held);
    await page.click('#pause');
    await page.waitForFunction((s) => Number(document.body.dataset.step) > s, held, { timeout: 15_000 });

    // The slider goes back to the first wiring while training continues.
    const newest = await num(page, 'shownStep');
    await page.$eval('#history-slider', (el) => {
      const s = el as HTMLInputElement;
      s.value = '0';
      s.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await page.waitForFunction(() => document.body.dataset.shownIndex === '0');
    const back = await data(page);
    expect(Number(back.shownStep)).toBeLessThan(newest);
    expect(Number(back.shownStep)).toBe(0);
    // Still training, and the view stays on the chosen wiring as new ones arrive.
    const wiringsThen = Number(back.wirings);
    await page.waitForFunction((n) => Number(document.body.dataset.wirings) > n, wiringsThen, { timeout: 15_000 });
    expect((await data(page)).shownIndex).toBe('0');

    // One step later in the history: some edges entered relative to the previous wiring.
    await page.$eval('#history-slider', (el) => {
      const s = el as HTMLInputElement;
      s.value = '5';
      s.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await page.waitForFunction(() => document.body.dataset.shownIndex === '5');
    const later = await data(page);
    expect(Number(later.shownStep)).toBeGreaterThan(0);

    // Pointing at the middle input node (pixel (2, 2) of the 3x3 grid, centred in the first column)
    // names it and brings out its edges.
    const box = (await page.locator('#wiring').boundingBox())!;
    await page.mouse.move(box.x + 60, box.y + 16 + (box.height - 32) / 2);
    await page.waitForFunction(() => document.body.dataset.focus === '4');
    expect(await page.textContent('#node-tip')).toMatch(/^node 4 · input pixel \(row 2, column 2\) · 0 in, \d+ out$/);
    await page.mouse.move(box.x + box.width / 2, box.y - 40);
    await page.waitForFunction(() => document.body.dataset.focus === '');
    expect(await page.isHidden('#node-tip')).toBe(true);

    // Back to following the newest wiring, then a screenshot of the running page.
    await page.check('#follow');
    await page.waitForFunction(() => Number(document.body.dataset.shownIndex) === Number(document.body.dataset.wirings) - 1);
    await page.waitForFunction(() => Number(document.body.dataset.accuracy) > 0, null, { timeout: 30_000 });
    await web.saveShot(page, 'web-demo.png');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('the layered view trains a sparse MLP with DNW in every layer; unused pixels lose their weights', async () => {
    const { page, errors } = await openPage();
    await page.waitForFunction(() => document.body.dataset.phase === 'idle');
    await page.click('#view-mlp');
    await page.waitForFunction(() => document.body.dataset.view === 'mlp');
    expect(await page.isHidden('#kind')).toBe(true);
    // The default run (6 epochs); everything checked below holds from step 300 on, finished or not.
    await page.click('#start');
    await page.waitForFunction(() => Number(document.body.dataset.step) >= 300 && Number(document.body.dataset.accuracy) > 0, null, { timeout: 45_000 });
    const d = await data(page);
    expect(await page.textContent('#model-summary')).toContain('49 / 32 / 32 / 10');
    // 10% of each layer: 157 + 102 + 32 of 1568 + 1024 + 320 weights.
    expect(Number(d.edges)).toBe(Math.round(0.1 * 1568) + Math.round(0.1 * 1024) + Math.round(0.1 * 320));
    expect(Number(d.swapped)).toBeGreaterThan(0);
    expect(Number(d.loss)).toBeLessThan(Number(d.firstLoss));
    // MNIST's corner pixels are nearly always blank: their weights lose the budget and leave the wiring.
    await page.waitForFunction(() => Number(document.body.dataset.unconnectedInputs) > 0, null, { timeout: 30_000 });
    const pixels = await data(page);
    expect(await page.isVisible('#input-map')).toBe(true);
    // Every pixel still in use is a node with an edge; the blank ones are hollow, not the whole input.
    expect(Number(pixels.unconnectedInputs)).toBeLessThan(49);
    await web.saveShot(page, 'web-mlp.png');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('saves a live run as a wiring history that `dnw export` accepts and the page replays', async () => {
    const { page, errors } = await openPage();
    await page.waitForFunction(() => document.body.dataset.phase === 'idle');
    expect(await page.isDisabled('#save-history')).toBe(true);
    await page.fill('#epochs', '60');
    await page.click('#start');
    await page.waitForFunction(() => Number(document.body.dataset.wirings) >= 6 && Number(document.body.dataset.accuracy) > 0, null, { timeout: 45_000 });
    await page.click('#pause');
    await page.waitForFunction(() => document.body.dataset.phase === 'paused');
    const saved = await settled(page, 'wirings');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save-history')]);
    const file = join(web.shots, 'browser-run.json');
    await download.saveAs(file);
    const written = JSON.parse(readFileSync(file, 'utf8')) as { format: string; model: { budget: number }; snapshots: { step: number; from: number[]; loss?: number; accuracy?: number }[] };
    expect(written.format).toBe('dnw-wiring-history');
    expect(written.snapshots.length).toBe(Number(saved.wirings));
    expect(written.snapshots.every((s) => s.from.length === 300)).toBe(true);
    expect(written.snapshots[written.snapshots.length - 1].accuracy).toBeGreaterThan(0);
    await page.close();

    // The CLI's own reader accepts it (exit code 0) and writes it back out.
    const cli = join(webDir, '..', 'cli', 'dist', 'main.js');
    const out = join(web.shots, 'browser-run-exported.json');
    execFileSync(process.execPath, [cli, 'export', file, '-o', out, '--max-snapshots', '100000'], { stdio: ['ignore', 'pipe', 'pipe'] });

    const second = await openPage();
    await second.page.waitForFunction(() => document.body.dataset.phase === 'idle');
    await second.page.setInputFiles('#history-file', out);
    await second.page.waitForFunction(() => document.body.dataset.phase === 'replay');
    const d = await data(second.page);
    expect(d.wirings).toBe(saved.wirings);
    expect(d.edges).toBe('300');
    expect(errors).toEqual([]);
    expect(second.errors).toEqual([]);
    await second.page.close();
  }, 90_000);

  it('explains a clamped budget, rejects a bad one, and Reset ends a paused run', async () => {
    const { page, errors } = await openPage();
    await page.waitForFunction(() => document.body.dataset.phase === 'idle');
    // More edges than the graph allows (3,816): the graph uses all of them, and the page says so.
    await page.fill('#budget', '5000');
    await page.click('#start');
    await page.waitForFunction(() => Number(document.body.dataset.step) > 0, null, { timeout: 30_000 });
    expect(await page.textContent('#status')).toContain('k = 5000 was asked for, but this graph allows only 3816 edges');
    expect((await data(page)).edges).toBe('3816');
    await page.click('#reset');
    await page.waitForFunction(() => document.body.dataset.phase === 'idle');

    // An invalid budget never reaches the worker: the page names the field.
    await page.fill('#budget', '1');
    await page.click('#start');
    await page.waitForSelector('#error:not([hidden])');
    expect(await page.textContent('#error')).toContain('Edge budget k: expected a whole number of edges, at least 2; got "1"');
    expect((await data(page)).phase).toBe('idle');

    // A paused worker (asleep in Atomics.wait) still ends on Reset, and a new run starts cleanly.
    await page.fill('#budget', '300');
    await page.click('#start');
    await page.waitForFunction(() => Number(document.body.dataset.step) > 0, null, { timeout: 30_000 });
    await page.click('#pause');
    await page.waitForFunction(() => document.body.dataset.phase === 'paused');
    await page.click('#reset');
    await page.waitForFunction(() => document.body.dataset.phase === 'idle');
    const cleared = await data(page);
    expect(cleared.wirings).toBe('0');
    expect(await page.isHidden('#error')).toBe(true);
    await page.click('#start');
    await page.waitForFunction(() => Number(document.body.dataset.wirings) >= 2, null, { timeout: 30_000 });
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('keeps the chosen pace, and goes faster when the pace is lifted mid-run', async () => {
    const { page, errors } = await openPage('?pace=50&epochs=60&start=1');
    await page.waitForFunction(() => Number(document.body.dataset.step) >= 20, null, { timeout: 30_000 });
    const s0 = await num(page, 'step');
    const t0 = Date.now();
    await page.waitForTimeout(3000);
    const s1 = await num(page, 'step');
    const paced = ((s1 - s0) * 1000) / (Date.now() - t0);
    // Never faster than the pace (a loaded machine may be slower); steps are reported 5 at a time.
    expect(paced).toBeLessThanOrEqual(50 * 1.2 + 5);
    expect(paced).toBeGreaterThan(0);
    await page.selectOption('#pace', '0');
    const t1 = Date.now();
    await page.waitForTimeout(3000);
    const free = (((await num(page, 'step')) - s1) * 1000) / (Date.now() - t1);
    expect(free).toBeGreaterThan(paced * 1.5);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('takes a demo setup from the address, and names the parameters it cannot use', async () => {
    const { page, errors } = await openPage('?view=mlp&strategy=random&k=20&start=1');
    await page.waitForFunction(() => Number(document.body.dataset.step) > 0, null, { timeout: 30_000 });
    expect(await page.textContent('#model-summary')).toMatch(/^layered network · random · 123 nodes/);
    // 20% of each layer of 1,568 + 1,024 + 320 weights.
    expect((await data(page)).edges).toBe(String(Math.round(0.2 * 1568) + Math.round(0.2 * 1024) + Math.round(0.2 * 320)));
    await page.close();

    const bad = await openPage('?view=tree&strategy=best&start=1');
    await bad.page.waitForSelector('#error:not([hidden])');
    const text = await bad.page.textContent('#error');
    expect(text).toContain('view: expected graph or mlp, got "tree"');
    expect(text).toContain('strategy: expected one of dnw,');
    expect((await data(bad.page)).phase).toBe('idle');
    expect([...errors, ...bad.errors]).toEqual([]);
    await bad.page.close();
  }, 60_000);

  it('shows a clear error for a malformed history file, from the picker and from ?history=', async () => {
    const { page, errors } = await openPage();
    await page.waitForFunction(() => document.body.dataset.phase === 'idle');
    await page.setInputFiles('#history-file', {
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ format: 'dnw-wiring-history', version: 1, model: { kind: 'static', nodes: 5, blocks: [2, 2] }, snapshots: [] })),
    });
    await page.waitForSelector('#error:not([hidden])');
    const text = await page.textContent('#error');
    expect(text).toContain('broken.json');
    expect(text).toContain('model.blocks: block sizes sum to 4, not model.nodes (5)');
    // The rest of the page is still there and usable.
    expect(await page.isEnabled('#start')).toBe(true);
    await page.close();

    const bad = encodeURIComponent('data:application/json,{"format":"dnw-wiring-history","version":1,');
    const second = await openPage(`?history=${bad}`);
    await second.page.waitForSelector('#error:not([hidden])');
    expect(await second.page.textContent('#error')).toMatch(/Could not open the wiring history .*not JSON/);
    expect(second.errors).toEqual([]);
    expect(errors).toEqual([]);
    await second.page.close();
  }, 60_000);

  it('replays a wiring history written by `dnw train` and `dnw export`, from the picker and from ?history=', async () => {
    const cli = join(webDir, '..', 'cli', 'dist', 'main.js');
    if (!existsSync(cli)) throw new Error(`${cli} is missing: build the CLI first (the test command runs \`turbo run build\`)`);
    const run = join(web.shots, 'cli-run');
    const file = join(web.shots, 'wiring-history.json');
    const dnw = (...args: string[]) => execFileSync(process.execPath, [cli, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    dnw('train', '--dataset', 'synthetic', '--model', 'static', '--hidden', '8,8', '--steps', '60', '--budget', '30', '--out', run, '--set', 'rewireEvery=5', '--set', 'data.validation=200', '-q');
    dnw('export', run, '-o', file);
    const exported = JSON.parse(readFileSync(file, 'utf8')) as { snapshots: { step: number; from: number[]; loss?: number }[] };
    const snaps = exported.snapshots;
    expect(snaps.length).toBeGreaterThan(3);

    const { page, errors } = await openPage();
    await page.waitForFunction(() => document.body.dataset.phase === 'idle');
    await page.setInputFiles('#history-file', file);
    await page.waitForFunction(() => document.body.dataset.phase === 'replay');
    let d = await data(page);
    expect(Number(d.wirings)).toBe(snaps.length);
    expect(Number(d.shownStep)).toBe(snaps[0].step);
    expect(Number(d.edges)).toBe(snaps[0].from.length);
    expect(await page.isHidden('#error')).toBe(true);
    await page.$eval('#history-slider', (el, last) => {
      const s = el as HTMLInputElement;
      s.value = String(last);
      s.dispatchEvent(new Event('input', { bubbles: true }));
    }, snaps.length - 1);
    await page.waitForFunction((i) => document.body.dataset.shownIndex === String(i), snaps.length - 1);
    d = await data(page);
    expect(Number(d.shownStep)).toBe(snaps[snaps.length - 1].step);
    expect(Number(d.edges)).toBe(snaps[snaps.length - 1].from.length);
    // The readout shows the loss recorded with the shown wiring.
    const lastLoss = snaps[snaps.length - 1].loss;
    expect(lastLoss).toBeDefined();
    expect(Number(d.loss)).toBeCloseTo(lastLoss!, 6);
    await page.close();

    const url = `data:application/json,${encodeURIComponent(readFileSync(file, 'utf8'))}`;
    const second = await openPage(`?history=${encodeURIComponent(url)}`);
    await second.page.waitForFunction(() => document.body.dataset.phase === 'replay');
    expect(Number((await data(second.page)).wirings)).toBe(snaps.length);
    expect(second.errors).toEqual([]);
    expect(errors).toEqual([]);
    await second.page.close();
  }, 60_000);
});
