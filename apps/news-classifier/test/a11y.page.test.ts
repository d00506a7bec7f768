// End to end, for every visitor: the BUILT page (dist/page) in headless Debian Chromium. axe-core
// (injected from its own axe.min.js) finds no serious or critical violation on both tabs, both
// shipped models and at phone width; the document is no wider than the viewport at 320 and
// 390 px; a keyboard-only visitor can pick a model, type, read the top class, read the heat map's
// scores and start and cancel a training run; a refused CSV clears the data it replaces. One
// screenshot per state goes to test-artifacts/ (ignored by git).
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { hasChromium } from '@tfnlp/browser-test';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBuiltPage } from './built_page.js';
import { modelExamples } from './examples.js';

const appDir = join(import.meta.dirname, '..');
const dist = join(appDir, 'dist', 'page');
const artifacts = join(appDir, 'test-artifacts', 'a11y');
const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

describe.skipIf(!hasChromium)('the page for every visitor, in headless Chromium', () => {
  let browser: Browser;
  let server: { url: string; close: () => Promise<void> };
  let page: Page;
  const log: string[] = [];

  beforeAll(async () => {
    ({ browser, server, page } = await openBuiltPage(dist, log));
    expect(await page.evaluate(() => window.__news.error), log.join('\n')).toBeNull();
    mkdirSync(artifacts, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const shot = (name: string) =>
    page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });

  /** axe-core's serious and critical violations of the page as it is now (WCAG 2.x A/AA). */
  async function axeSerious(state: string): Promise<AxeViolation[]> {
    if (!(await page.evaluate(() => 'axe' in window)))
      await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async () => {
      const axe = (
        window as unknown as { axe: { run: (o: object) => Promise<{ violations: unknown[] }> } }
      ).axe;
      const r = await axe.run({ resultTypes: ['violations'] });
      return r.violations;
    });
    const all = violations as AxeViolation[];
    console.log(
      `news-classifier a11y e2e: axe ${state}: ${all.length} violations` +
        (all.length ? ` (${all.map((v) => `${v.id} ${v.impact}`).join(', ')})` : ''),
    );
    return all.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  }

  async function selectModel(id: string) {
    await page.selectOption('#model', id);
    await page.waitForFunction((want) => window.__news.model === want, id, { timeout: 60_000 });
  }

  /** Document width minus viewport width (0: no horizontal scroll). */
  const overflow = () =>
    page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

  it('reports the JS and wasm fetched until ready', async () => {
    const sizes = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((e) => e as PerformanceResourceTiming)
        .map((e) => ({ name: e.name.split('/').pop()!, bytes: e.encodedBodySize })),
    );
    const sum = (re: RegExp) =>
      sizes.filter((s) => re.test(s.name)).reduce((a, s) => a + s.bytes, 0);
    const js = sum(/\.js$/);
    const wasm = sum(/\.wasm$/);
    console.log(
      `news-classifier a11y e2e: at ready ${(js / 1e6).toFixed(2)} MB JS + ${(wasm / 1e6).toFixed(2)} MB wasm = ${((js + wasm) / 1e6).toFixed(2)} MB ` +
        `(uncompressed; ${sizes.map((s) => `${s.name} ${(s.bytes / 1e3).toFixed(0)} kB`).join(', ')})`,
    );
    // Memory at ready, where the browser can measure it (cross-origin isolated Chromium).
    const memory = await page.evaluate(async () => {
      const p = performance as Performance & {
        measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }>;
      };
      if (!p.measureUserAgentSpecificMemory) return null;
      const timeout = new Promise<null>((r) => setTimeout(() => r(null), 25_000));
      return Promise.race([p.measureUserAgentSpecificMemory().then((m) => m.bytes), timeout]);
    });
    console.log(
      `news-classifier a11y e2e: memory at ready ${memory === null ? 'not measured' : `${(memory / 2 ** 20).toFixed(1)} MiB`} (measureUserAgentSpecificMemory)`,
    );
    // The Train tab's code is not fetched before its first visit.
    expect(sizes.some((s) => /^tab-.*\.js$/.test(s.name))).toBe(false);
    expect(js + wasm).toBeGreaterThan(0);
  });

  it('has no serious or critical axe violation on both tabs, both models, at 1100 and 390 px', async () => {
    for (const width of [1100, 390]) {
      await page.setViewportSize({ width, height: width > 500 ? 1400 : 844 });
      for (const id of ['bbc', '20news']) {
        await selectModel(id);
        await page.click('#tab-classify');
        await page.check('#show-scores');
        expect(await axeSerious(`classify ${id} ${width}px`), `${id} at ${width}`).toEqual([]);
        await page.uncheck('#show-scores');
        await shot(`classify-${id}-${width}`);
      }
      await page.click('#tab-train');
      await page.click('#train-sample');
      expect(await axeSerious(`train ${width}px`)).toEqual([]);
      await shot(`train-${width}`);
      await page.click('#tab-classify');
    }
  });

  it('is no wider than the viewport at 320 and 390 px, on both tabs and models', async () => {
    for (const width of [320, 390]) {
      await page.setViewportSize({ width, height: 800 });
      for (const id of ['20news', 'bbc']) {
        await selectModel(id);
        await page.click('#tab-classify');
        const measured = await page.evaluate(() => ({
          doc: document.documentElement.scrollWidth,
          view: window.innerWidth,
          // The narrowest probability track, and whether a label is cut off.
          track: Math.min(
            ...Array.from(document.querySelectorAll('#bars .track')).map((t) => t.clientWidth),
          ),
          clipped: Array.from(document.querySelectorAll<HTMLElement>('#bars .name')).filter(
            (n) => n.scrollWidth > n.clientWidth,
          ).length,
        }));
        console.log(
          `news-classifier a11y e2e: ${id} at ${width} px: document ${measured.doc} px, narrowest bar track ${measured.track} px`,
        );
        expect(measured.doc).toBe(measured.view);
        expect(measured.clipped).toBe(0);
        expect(measured.track).toBeGreaterThanOrEqual(width / 2);
        await shot(`classify-${id}-${width}-narrow`);
      }
      await page.click('#tab-train');
      expect(await overflow()).toBe(0);
      await shot(`train-${width}-narrow`);
      await page.click('#tab-classify');
    }
    await page.setViewportSize({ width: 1100, height: 1400 });
  });

  it('shows each model its own examples, and no shell command', async () => {
    for (const id of ['20news', 'bbc']) {
      await selectModel(id);
      const titles = await page.$$eval('#examples button', (bs) => bs.map((b) => b.textContent));
      const own = modelExamples(id);
      expect(titles.slice(0, own.length)).toEqual(own.map((e) => e.title));
      for (const [i, ex] of own.entries()) {
        const before = await page.evaluate(() => window.__news.classifications);
        await page.click(`#examples button:nth-of-type(${i + 1})`);
        await page.waitForFunction((n) => window.__news.classifications > n, before);
        expect(await page.evaluate(() => window.__news.last!.label), ex.title).toBe(ex.label);
      }
      expect(await page.textContent('#info')).not.toMatch(/node |scripts\/|--/);
    }
  });

  it('works with the keyboard alone: model, text, top class, heat-map scores, train and cancel', async () => {
    await page.reload();
    await page.waitForFunction(() => window.__news?.ready, null, { timeout: 60_000 });
    await page.keyboard.press('Tab'); // the selected tab (roving tabindex: one stop)
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-classify');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('model');
    await page.keyboard.press('ArrowDown'); // the second model
    await page.waitForFunction(() => window.__news.model === '20news', null, { timeout: 60_000 });
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('input');
    await page.keyboard.press('ControlOrMeta+a');
    const before = await page.evaluate(() => window.__news.classifications);
    await page.keyboard.type('The shuttle launch to orbit was delayed; NASA will try again.');
    await page.waitForFunction(
      (n) => window.__news.classifications > n && window.__news.last?.text.endsWith('again.'),
      before,
    );
    expect(await page.textContent('#top')).toBe('sci.space');
    // To the scores toggle, then the heat map box (focusable, so it scrolls with the keys).
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.id === 'show-scores')) break;
    }
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('heatmap');
    const scores = await page.$$eval('#heatmap .score', (s) => s.map((e) => Number(e.textContent)));
    expect(scores.length).toBe(await page.evaluate(() => window.__news.last!.tokens));
    expect(Math.max(...scores)).toBeCloseTo(1, 2);
    await shot('keyboard-heatmap-scores');

    // Arrow keys on the tab list: Train, then train the sample and cancel, all from the keyboard.
    await page.focus('#tab-classify');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-train');
    expect(await page.isVisible('#train-sample')).toBe(true);
    await page.waitForFunction(() => window.__newsTrain !== undefined); // loaded on first visit
    await page.keyboard.press('Home');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-classify');
    await page.keyboard.press('End');
    await page.keyboard.press('Tab');
    const tabTo = async (id: string) => {
      for (let i = 0; i < 30 && (await page.evaluate(() => document.activeElement?.id)) !== id; i++)
        await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe(id);
    };
    await tabTo('train-sample');
    await page.keyboard.press('Enter');
    await tabTo('opt-epochs');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('1000');
    await tabTo('train-start');
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => window.__newsTrain.steps.length >= 5 || window.__newsTrain.error,
      null,
      {
        timeout: 60_000,
      },
    );
    expect(await page.evaluate(() => window.__newsTrain.error)).toBeNull();
    await page.keyboard.press('Tab'); // Start is disabled now: focus moves on to Cancel
    await tabTo('train-cancel');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.__newsTrain.status === 'cancelled', null, {
      timeout: 60_000,
    });
    // The chart in words; its x-axis ends near the last update, not at the planned total.
    const summary = await page.textContent('#train-chart-summary');
    expect(summary).toMatch(/Update \d+ of \d+.*loss \d/);
    expect(await page.getAttribute('#train-chart-summary', 'aria-live')).toBe('polite');
    await shot('keyboard-train-cancelled');
    expect(await axeSerious('train after a cancelled run')).toEqual([]);
  });

  it('clears the sample when a refused CSV replaces it, and disables Start', async () => {
    await page.click('#tab-train');
    await page.click('#train-sample');
    expect(await page.isDisabled('#train-start')).toBe(false);
    expect(await page.locator('#train-preview tr').count()).toBeGreaterThan(0);
    // Two rows parse, but cannot train: refused before Start.
    await page.setInputFiles('#train-file', {
      name: 'two.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('text,label\nThe team won,sport\nA new phone,tech\n'),
    });
    await page.waitForFunction(() => window.__newsTrain.dataError !== null);
    expect(await page.textContent('#train-data')).toContain(
      'two.csv: 2 examples; training needs at least',
    );
    expect(await page.locator('#train-preview tr').count()).toBe(0);
    expect(await page.evaluate(() => window.__newsTrain.data)).toBeNull();
    expect(await page.isDisabled('#train-start')).toBe(true);
    await shot('stale-csv-refused');
    // The sample again: the file input no longer shows two.csv.
    await page.click('#train-sample');
    expect(await page.$eval('#train-file', (f) => (f as HTMLInputElement).files?.length)).toBe(0);
    expect(await page.isDisabled('#train-start')).toBe(false);
    // A validation share that leaves a class nothing to train on disables Start, with the reason.
    await page.fill('#opt-val', '99');
    expect(await page.isDisabled('#train-start')).toBe(true);
    expect(await page.textContent('#train-check')).toContain('Cannot start');
    await page.fill('#opt-val', '20');
    expect(await page.isDisabled('#train-start')).toBe(false);
    expect(await overflow()).toBe(0);
  });
});
