import { it } from 'vitest';
import { launchBrowser, startPreview } from './harness.js';
it('dbg', async () => {
  const preview = await startPreview();
  const browser = await launchBrowser();
  const runs: [string, (p: import('playwright-core').Page) => Promise<void>][] = [
    ['mlp', async (p) => { await p.click('#view-mlp'); }],
    ['discrete', async (p) => { await p.selectOption('#kind', 'discrete'); }],
    ['continuous', async (p) => { await p.selectOption('#kind', 'continuous'); }],
    ['random', async (p) => { await p.selectOption('#strategy', 'random'); }],
  ];
  for (const [name, setup] of runs) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => console.log(name, 'pageerror:', e));
    await page.goto(preview.url);
    await page.waitForTimeout(500);
    await setup(page);
    await page.click('#start');
    for (let i = 0; i < 3; i++) {
      await page.waitForTimeout(2500);
      const d = await page.evaluate(() => ({ ...document.body.dataset, status: document.getElementById('status')!.textContent, error: document.getElementById('error')!.textContent, summary: document.getElementById('model-summary')!.textContent }));
      console.log(name, JSON.stringify(d));
    }
    await page.screenshot({ path: `/tmp/webdbg/${name}.png` });
    await page.close();
  }
  await browser.close();
  await preview.close();
}, 100000);
