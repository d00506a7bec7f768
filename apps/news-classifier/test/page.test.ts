// End to end: the BUILT page (dist/page, made by `pnpm build`) served on 127.0.0.1 with
// COOP/COEP, in headless Debian Chromium driven by playwright-core. Also measures (prints, does
// not assert) the README benchmarks: navigation -> ready, and classifying a 500-word article.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM, hasChromium } from '@tfnlp/browser-test';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBuiltPage } from './built_page.js';
import { EXAMPLES } from './examples.js';

if (!hasChromium) {
  console.warn(
    `news-classifier e2e: ${CHROMIUM} is absent, so the browser tests are skipped ` +
      '(CI installs Debian chromium: apt-get install -y chromium).',
  );
}
const appDir = join(import.meta.dirname, '..');
const dist = join(appDir, 'dist', 'page');
const artifacts = join(appDir, 'test-artifacts');

interface LastResult {
  text: string;
  label: string;
  probabilities: number[];
  tokens: number;
  ms: number;
}

describe.skipIf(!hasChromium)('the built page in headless Chromium', () => {
  let browser: Browser;
  let server: { url: string; close: () => Promise<void> };
  let page: Page;
  const log: string[] = [];

  beforeAll(async () => {
    ({ browser, server, page } = await openBuiltPage(dist, log));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Types `text` into the text area and waits for the debounced classification of it. */
  async function typeAndClassify(text: string): Promise<LastResult> {
    const before = await page.evaluate(() => window.__news.classifications);
    await page.fill('#input', text);
    await page.waitForFunction((n) => window.__news.classifications > n, before, {
      timeout: 30_000,
    });
    return page.evaluate(() => window.__news.last!);
  }

  it('loads on the wasm backend (SIMD, cross-origin isolated)', async () => {
    const state = await page.evaluate(() => ({
      error: window.__news.error,
      backend: window.__news.backend,
      isolated: window.__news.crossOriginIsolated,
      readyMs: window.__news.readyMs,
    }));
    expect(state.error, log.join('\n')).toBeNull();
    expect(state.backend).toMatchObject({ backend: 'wasm', simd: true, relaxedSimd: true });
    expect(state.isolated).toBe(true);
    console.log(
      `news-classifier e2e: navigation -> ready ${state.readyMs?.toFixed(0)} ms, ` +
        `backend ${JSON.stringify(state.backend)}`,
    );
    const info = await page.textContent('#info');
    expect(info).toContain('Parameters');
    expect(info).toContain('SIMD on');
  });

  it('classifies a sport article as sport, probabilities summing to 1', async () => {
    const last = await typeAndClassify(EXAMPLES[0]!.text);
    expect(last.label).toBe('sport');
    expect(await page.textContent('#top')).toBe('sport');
    const probs = await page.$$eval('#bars .bar', (rows) =>
      rows.map((r) => Number((r as HTMLElement).dataset.probability)),
    );
    expect(probs).toHaveLength(5);
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(await page.textContent('#bars .bar.top')).toContain('sport');
  });

  it('renders one heat-map cell per token, for every layer/head choice', async () => {
    const last = await typeAndClassify(EXAMPLES[3]!.text);
    expect(await page.locator('#heatmap .tok').count()).toBe(last.tokens);
    const heads = await page.$$eval('#head option', (os) =>
      os.map((o) => (o as HTMLOptionElement).value),
    );
    expect(heads[0]).toBe('mean');
    await page.selectOption('#head', heads.at(-1)!);
    expect(await page.locator('#heatmap .tok').count()).toBe(last.tokens);
    // The heat map shows the original text, token spans lined up with it.
    expect(await page.textContent('#heatmap')).toBe(EXAMPLES[3]!.text);
    await page.selectOption('#head', 'mean');
  });

  it('shows HTML in the input literally', async () => {
    const html = '<b id="injected">bold</b><img src=x onerror="window.__pwned=1"> The team won.';
    await typeAndClassify(html);
    expect(await page.textContent('#heatmap')).toBe(html);
    expect(await page.locator('#injected').count()).toBe(0);
    expect(await page.locator('#heatmap img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBe(
      undefined,
    );
  });

  it('handles empty input, a 1 MB paste and non-Latin scripts', async () => {
    const empty = await typeAndClassify('');
    expect(empty.tokens).toBe(0);
    expect(empty.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(await page.textContent('#heatmap')).toBe('(empty input)');
    const big = await typeAndClassify('The minister said the election '.repeat(34_000)); // ~1 MB
    expect(big.tokens).toBeGreaterThan(0);
    expect(await page.locator('#heatmap .tok').count()).toBe(big.tokens);
    expect(await page.textContent('#heatmap')).toContain('more characters not read');
    const text = 'Ποδόσφαιρο: η ομάδα κέρδισε. Футбол. 足球比赛 🏆';
    const other = await typeAndClassify(text);
    expect(other.tokens).toBeGreaterThan(0);
    expect(await page.textContent('#heatmap')).toBe(text);
  });

  it('switches models with the selector', async () => {
    const ids = await page.$$eval('#model option', (os) =>
      os.map((o) => (o as HTMLOptionElement).value),
    );
    if (ids.length < 2) {
      console.warn('news-classifier e2e: one model ships, so switching is not tested');
      return;
    }
    for (const id of [ids[1]!, ids[0]!]) {
      await page.selectOption('#model', id);
      await page.waitForFunction((want) => window.__news.model === want, id, { timeout: 60_000 });
      const info = await page.evaluate(() => window.__news.last!);
      expect(await page.locator('#bars .bar').count()).toBe(info.probabilities.length);
      // A TF-IDF pooling model also shows its pooling weights, one cell per token.
      const { architecture } = JSON.parse(
        readFileSync(join(appDir, 'public', 'models', id, 'info.json'), 'utf8'),
      );
      const poolingOption = page.locator('#layer option[value="pooling"]');
      expect(await poolingOption.count()).toBe(architecture.pooling === 'tfidf' ? 1 : 0);
      if (architecture.pooling === 'tfidf') {
        await page.selectOption('#layer', 'pooling');
        expect(await page.locator('#heatmap .tok').count()).toBe(info.tokens);
        expect(await page.isDisabled('#head')).toBe(true);
        await page.selectOption('#layer', '0');
        expect(await page.isDisabled('#head')).toBe(false);
      }
    }
  });

  it('measures classifying a 500-word article and saves a screenshot', async () => {
    const words = EXAMPLES.slice(0, 5)
      .map((e) => e.text)
      .join(' ')
      .split(/\s+/);
    const article = Array.from({ length: 500 }, (_, i) => words[i % words.length]).join(' ');
    // Every shipped model, the first (the page's default) last so the screenshot shows it.
    const ids = await page.$$eval('#model option', (os) =>
      os.map((o) => (o as HTMLOptionElement).value),
    );
    for (const id of [...ids.slice(1), ids[0]!]) {
      await page.selectOption('#model', id);
      await page.waitForFunction((want) => window.__news.model === want, id, { timeout: 60_000 });
      const times = await page.evaluate((text) => {
        const ms: number[] = [];
        for (let i = 0; i < 12; i++) ms.push(window.__news.classifyText(text).ms);
        return ms;
      }, article);
      const sorted = times.slice(2).sort((a, b) => a - b);
      console.log(
        `news-classifier e2e: classify a 500-word article with ${id}: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms ` +
          `(min ${sorted[0]!.toFixed(1)}, max ${sorted.at(-1)!.toFixed(1)}; 10 runs after 2 warm-ups)`,
      );
    }
    await typeAndClassify(EXAMPLES[0]!.text);
    mkdirSync(artifacts, { recursive: true });
    const path = join(artifacts, 'news-classifier.png');
    await page.screenshot({ path, fullPage: true });
    expect(existsSync(path)).toBe(true);
  });
});
