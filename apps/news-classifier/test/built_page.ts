// Opens the BUILT page (dist/page) in headless Debian Chromium, served on 127.0.0.1 with
// COOP/COEP, and waits until it has classified its first example (shared by the e2e tests).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM, CHROMIUM_FLAGS, serveStatic } from '@tfnlp/browser-test';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';

export interface BuiltPage {
  browser: Browser;
  server: { url: string; close: () => Promise<void> };
  page: Page;
}

/** The page, ready; console lines and page errors are appended to `log`. */
export async function openBuiltPage(dist: string, log: string[]): Promise<BuiltPage> {
  expect(
    existsSync(join(dist, 'index.html')),
    `${dist}/index.html is missing: run pnpm build first`,
  ).toBe(true);
  const { chromium } = await import('playwright-core');
  const server = await serveStatic(dist);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
  page.on('console', (m) => log.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
  await page.goto(server.url);
  await waitUntilReady(page);
  return { browser, server, page };
}

/** Waits until the page has classified its first example, or failed (after a load or reload). */
export async function waitUntilReady(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__news?.ready || window.__news?.error, null, {
    timeout: 60_000,
  });
}
