/**
 * One browser session per test file: the built page under `vite preview` and a Chromium, started
 * before the file's tests and closed after them, and screenshots kept in a temp dir.
 */
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startPreview, webDir, type Preview } from './harness.js';

export interface BrowserSession {
  readonly preview: Preview;
  readonly browser: Browser;
  /** A temp dir for the file's screenshots and downloads. */
  readonly shots: string;
  /** A full-page screenshot into `shots`; into docs/img as well with UPDATE_SCREENSHOTS=1. */
  saveShot(page: Page, name: string): Promise<void>;
}

/** Registers the file's beforeAll/afterAll; `preview` and `browser` are set once the tests run. */
export const useBrowser = (prefix: string): BrowserSession => {
  const shots = mkdtempSync(join(tmpdir(), prefix));
  let preview: Preview | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    preview = await startPreview();
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await preview?.close();
  });
  const started = <T>(x: T | undefined, what: string): T => {
    if (x === undefined) throw new Error(`${what} is not started: use it inside a test`);
    return x;
  };
  return {
    get preview() {
      return started(preview, 'the preview');
    },
    get browser() {
      return started(browser, 'Chromium');
    },
    shots,
    saveShot: async (page, name) => {
      const shot = join(shots, name);
      await page.screenshot({ path: shot, fullPage: true });
      if (process.env.UPDATE_SCREENSHOTS === '1') {
        const docs = join(webDir, '..', '..', 'docs', 'img');
        mkdirSync(docs, { recursive: true });
        copyFileSync(shot, join(docs, name));
      }
    },
  };
};
