// End to end, the Train tab: the BUILT page (dist/page) on 127.0.0.1 with COOP/COEP in
// headless Debian Chromium. Trains on the built-in sample in the Web Worker for about 30 s
// while the classifier keeps classifying, cancels, downloads and uses the trained model, which
// a reload finds kept in IndexedDB until it is forgotten. Prints (does not assert) the training
// speed and how long the cancel took.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasChromium } from '@tfnlp/browser-test';
import { unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOWNLOAD_NAME } from '../src/train/download.js';
import { builtInSample } from '../src/train/sample.js';
import { openBuiltPage, waitUntilReady } from './built_page.js';

const appDir = join(import.meta.dirname, '..');
const dist = join(appDir, 'dist', 'page');
const artifacts = join(appDir, 'test-artifacts');
/** How long the run trains before the test cancels it (seconds of training, in the worker). */
const TRAIN_SECONDS = 30;
const WINDOW = 10;

describe.skipIf(!hasChromium)('the Train tab in headless Chromium', () => {
  let browser: Browser;
  let server: { url: string; close: () => Promise<void> };
  let page: Page;
  const log: string[] = [];

  beforeAll(async () => {
    ({ browser, server, page } = await openBuiltPage(dist, log));
    expect(await page.evaluate(() => window.__news.error), log.join('\n')).toBeNull();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('reads a dropped CSV and shows its text literally', async () => {
    await page.click('#tab-train');
    // The tab's code loads on its first visit.
    await page.waitForFunction(() => window.__newsTrain !== undefined);
    const html = '<img src=x onerror="window.__pwned=1"><b id="csv-injected">bold</b>';
    // Ten rows: the fewest the tab accepts (two per class at least).
    const more = Array.from({ length: 4 }, (_, i) => `sport,Match ${i}\ntech,Phone ${i}\n`).join(
      '',
    );
    const csv = `label,text\nsport,"${html.replace(/"/g, '""')} The team won."\ntech,A new phone\n${more}`;
    // Dropped on the drop zone (a real DragEvent carrying a File).
    await page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'tiny.csv', { type: 'text/csv' }));
      const drop = document.getElementById('train-drop')!;
      drop.dispatchEvent(
        new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }),
      );
    }, csv);
    await page.waitForFunction(() => window.__newsTrain.data?.name === 'tiny.csv');
    expect(await page.textContent('#train-data')).toContain(
      '10 examples, 2 classes (sport 5, tech 5)',
    );
    expect(await page.textContent('#train-preview')).toContain(`${html} The team won.`);
    expect(await page.locator('#csv-injected').count()).toBe(0);
    expect(await page.locator('#train-preview img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBe(
      undefined,
    );
    // A malformed file, chosen with the file input, gets a message, not a crash.
    await page.setInputFiles('#train-file', {
      name: 'bad.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('text,label\n"never closed,x\n'),
    });
    await page.waitForFunction(() =>
      document.getElementById('train-data')?.textContent?.includes('Could not read'),
    );
    expect(await page.textContent('#train-data')).toContain('bad.csv line 2: Quote Not Closed');
    // The refused file clears the data it replaces: no preview, no Start.
    expect(await page.locator('#train-preview tr').count()).toBe(0);
    expect(await page.isDisabled('#train-start')).toBe(true);
    // Excel's "Unicode text": UTF-16LE with a BOM, tab-separated, CRLF line ends.
    const utf16 = `text\tlabel\r\nThe team wön\tsport\r\nA new phone\ttech\r\n${'Goal\tsport\r\nChip\ttech\r\n'.repeat(4)}`;
    await page.setInputFiles('#train-file', {
      name: 'excel.txt',
      mimeType: 'text/plain',
      buffer: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(utf16, 'utf16le')]),
    });
    await page.waitForFunction(() => window.__newsTrain.data?.name === 'excel.txt');
    expect(await page.textContent('#train-data')).toContain(
      '10 examples, 2 classes (sport 5, tech 5)',
    );
    expect(await page.textContent('#train-preview')).toContain('The team wön');
  });

  it('trains the sample in a worker while the page classifies; loss falls; cancel; download; use, keep and forget the model', async () => {
    const sample = builtInSample();
    await page.click('#tab-train');
    await page.click('#train-sample');
    await page.fill('#opt-epochs', '10000'); // far more than 30 s (~400 updates/s): the test cancels the run
    await page.click('#train-start');
    await page.waitForFunction(
      () => window.__newsTrain.steps.length > 0 || window.__newsTrain.error,
      null,
      { timeout: 60_000 },
    );
    const started = await page.evaluate(() => window.__newsTrain);
    expect(started.error, log.join('\n')).toBeNull();
    expect(started.backend).toMatchObject({ backend: 'wasm', simd: true });

    // The classifier keeps working while the worker trains.
    await page.click('#tab-classify');
    const texts = ['Shares fell as the bank cut its forecast.', 'The striker scored twice.'];
    for (const text of texts) {
      const before = await page.evaluate(() => ({
        n: window.__news.classifications,
        steps: window.__newsTrain.steps.length,
      }));
      await page.fill('#input', text);
      await page.waitForFunction((n) => window.__news.classifications > n, before.n, {
        timeout: 30_000,
      });
      const after = await page.evaluate(() => ({
        last: window.__news.last!,
        status: window.__newsTrain.status,
      }));
      expect(after.last.text).toBe(text);
      expect(after.status).toBe('training');
    }
    // Training went on meanwhile.
    await page.waitForFunction((n) => window.__newsTrain.steps.length > n, started.steps.length, {
      timeout: 30_000,
    });

    await page.waitForFunction(
      (s) =>
        (window.__newsTrain.steps.at(-1)?.elapsedSeconds ?? 0) >= s ||
        window.__newsTrain.status !== 'training',
      TRAIN_SECONDS,
      { timeout: 120_000, polling: 500 },
    );
    await page.click('#tab-train');
    expect(await page.evaluate(() => window.__newsTrain.status)).toBe('training');
    await page.click('#train-cancel');
    await page.waitForFunction(
      () => window.__newsTrain.status === 'cancelled' || window.__newsTrain.status === 'error',
      null,
      {
        timeout: 60_000,
      },
    );
    const run = await page.evaluate(() => window.__newsTrain);
    expect(run.error, log.join('\n')).toBeNull();
    expect(run.result?.stopReason).toBe('requested');
    expect(run.result?.tensorsLeft).toBe(0);
    const losses = run.steps.map((s) => s.loss);
    expect(losses.length).toBeGreaterThanOrEqual(2 * WINDOW);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const first = mean(losses.slice(0, WINDOW));
    const last = mean(losses.slice(-WINDOW));
    expect(last).toBeLessThan(first);
    expect(await page.textContent('#train-result')).toContain('Final validation accuracy');
    // The chart drew the loss line (its red) and the validation accuracy (its green).
    const colours = await page.evaluate(() => {
      const c = document.getElementById('train-chart') as HTMLCanvasElement;
      const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let loss = 0;
      let val = 0;
      for (let i = 0; i < px.length; i += 4) {
        const [r, g, b] = [px[i]!, px[i + 1]!, px[i + 2]!];
        if (r > 150 && g < 90 && b < 90) loss++;
        if (g > 120 && r < 60 && b < 120) val++;
      }
      return { loss, val };
    });
    expect(colours.loss).toBeGreaterThan(100);
    expect(colours.val).toBeGreaterThan(100);
    const lastStep = run.steps.at(-1)!;
    console.log(
      `news-classifier train e2e: ${run.steps.length} updates (${lastStep.epoch + 1} epochs of ${lastStep.stepsPerEpoch}, batch 16) in ` +
        `${lastStep.elapsedSeconds.toFixed(1)} s = ${(run.steps.length / lastStep.elapsedSeconds).toFixed(1)} updates/s; ` +
        `loss ${first.toFixed(3)} -> ${last.toFixed(3)} (mean of the first / last ${WINDOW}); ` +
        `validation accuracy ${(run.result!.validationAccuracy * 100).toFixed(1)} % of ${run.prepared?.validationExamples}; ` +
        `cancel -> stopped ${run.cancelMs?.toFixed(0)} ms; backend in the worker ${JSON.stringify(run.backend)}`,
    );
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'news-classifier-train.png'), fullPage: true });

    // "Download": the browser saves a zip of the model folder.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#train-download'),
    ]);
    expect(download.suggestedFilename()).toBe(`${DOWNLOAD_NAME}.zip`);
    const zipPath = join(artifacts, `${DOWNLOAD_NAME}.zip`);
    await download.saveAs(zipPath);
    const unzipped = unzipSync(readFileSync(zipPath));
    expect(Object.keys(unzipped).sort()).toEqual(
      ['info.json', 'model.json', 'model.safetensors', 'tokenizer.json'].map(
        (n) => `${DOWNLOAD_NAME}/${n}`,
      ),
    );
    const downloadedInfo = JSON.parse(
      new TextDecoder().decode(unzipped[`${DOWNLOAD_NAME}/info.json`]),
    );
    expect(downloadedInfo).toMatchObject({ labels: sample.classes, trainedInBrowser: true });
    expect(await page.evaluate(() => window.__newsTrain.downloads)).toBe(1);

    // "Use this model": the classifier now has the sample's classes.
    await page.click('#train-use');
    await page.waitForFunction(() => window.__newsTrain.used === 1, null, { timeout: 30_000 });
    await page.waitForFunction(() => window.__news.model === 'trained-in-browser');
    expect(await page.isVisible('#input')).toBe(true);
    const labels = await page.$$eval('#bars .bar', (rows) =>
      rows.map((r) => (r as HTMLElement).dataset.label),
    );
    expect(labels).toEqual(sample.classes);
    const info = await page.textContent('#info');
    expect(info).toContain('trained in this browser');
    expect(info).toContain('Validation accuracy');
    const sport = 'The home side won the cup final in front of a sold-out stadium.';
    const before = await page.evaluate(() => window.__news.classifications);
    await page.fill('#input', sport);
    await page.waitForFunction((n) => window.__news.classifications > n, before);
    expect(await page.evaluate(() => window.__news.last!.label)).toBe('sport');
    expect(await page.locator('#heatmap .tok').count()).toBe(
      await page.evaluate(() => window.__news.last!.tokens),
    );

    // Kept in IndexedDB: after a reload the selector offers it again, with the sample's classes.
    await page.waitForFunction(() => window.__newsTrain.kept === 1);
    await page.reload();
    await waitUntilReady(page);
    expect(await page.evaluate(() => window.__news.error), log.join('\n')).toBeNull();
    await page.selectOption('#model', 'trained-in-browser');
    await page.waitForFunction(() => window.__news.model === 'trained-in-browser');
    expect(
      await page.$$eval('#bars .bar', (rows) => rows.map((r) => (r as HTMLElement).dataset.label)),
    ).toEqual(sample.classes);

    // The shipped model selector switches back.
    const shipped = await page.$$eval('#model option', (os) =>
      os.map((o) => (o as HTMLOptionElement).value).filter((v) => v !== 'trained-in-browser'),
    );
    await page.selectOption('#model', shipped[0]!);
    await page.waitForFunction((id) => window.__news.model === id, shipped[0]!);
    expect(await page.locator('#bars .bar').count()).toBe(
      await page.evaluate(() => window.__news.last!.probabilities.length),
    );
    expect(await page.textContent('#info')).not.toContain('trained in this browser');

    // "Forget the kept model": gone from IndexedDB, so the next visit offers only the shipped ones.
    await page.click('#tab-train');
    await page.waitForFunction(() => window.__newsTrain?.hasKept === true);
    await page.click('#train-forget');
    await page.waitForFunction(() => window.__newsTrain.hasKept === false);
    await page.reload();
    await waitUntilReady(page);
    expect(
      await page.$$eval('#model option', (os) => os.map((o) => (o as HTMLOptionElement).value)),
    ).toEqual(shipped);
    expect(await page.isDisabled('#train-forget')).toBe(true);
  });
});
