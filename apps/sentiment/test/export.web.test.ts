// End to end: the exported sentiment model in onnxruntime-web inside headless Debian Chromium.
// The page is the "Deploy" example of packages/layers/README.md as written (its import of
// 'onnxruntime-web' mapped to the package's dist files), served on 127.0.0.1 beside the
// model.onnx and tokenizer.json that `tfnlp-sentiment export` wrote. It must call the README's
// review positive with tfnlp's logits (within 1e-5).
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { CHROMIUM, CHROMIUM_FLAGS, hasChromium, serveStatic } from '@tfnlp/browser-test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeText, loadModelDir } from '../src/model.js';
import { cli, SHIPPED_MODEL } from './helpers.js';

if (!hasChromium) {
  console.warn(
    `sentiment ONNX web e2e: ${CHROMIUM} is absent, so it is skipped (apt-get install -y chromium).`,
  );
}

const README = new URL('../../../packages/layers/README.md', import.meta.url);
const REVIEW = 'A wonderful, moving film. The cast is superb and I loved every minute.';

/** The js block after the `deploy-example` marker of the layers README. */
function deployExample(): string {
  const readme = readFileSync(README, 'utf8');
  const code = /<!-- deploy-example[^>]*-->\n```js\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!code) throw new Error('packages/layers/README.md has no deploy-example js block.');
  expect(code).toContain(REVIEW);
  return code;
}

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tfnlp-sentiment-web-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.skipIf(!hasChromium)('the exported sentiment model in onnxruntime-web', () => {
  it("answers the README's example in Chromium with tfnlp's logits", async () => {
    const r = await cli(['export', '--out', root]);
    expect(r.code, r.stderr).toBe(0);
    const ortDist = dirname(createRequire(import.meta.url).resolve('onnxruntime-web'));
    for (const f of [
      'ort.wasm.min.mjs',
      'ort-wasm-simd-threaded.mjs',
      'ort-wasm-simd-threaded.wasm',
    ]) {
      copyFileSync(join(ortDist, f), join(root, f));
    }
    writeFileSync(join(root, 'main.mjs'), deployExample());
    writeFileSync(
      join(root, 'index.html'),
      `<!doctype html><meta charset="utf-8"><title>ort-web</title>
<script type="importmap">{"imports": {"onnxruntime-web": "./ort.wasm.min.mjs"}}</script>
<script type="module" src="./main.mjs"></script>`,
    );

    const { chromium } = await import('playwright-core');
    const server = await serveStatic(root);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    const log: string[] = [];
    let answer: { label: string; probability: number; logits: number[] };
    try {
      const page = await browser.newPage();
      const printed = new Promise<string>((resolve) => {
        page.on('console', (m) => {
          log.push(`${m.type()}: ${m.text()}`);
          if (m.text().startsWith('{"label"')) resolve(m.text());
        });
      });
      page.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
      await page.goto(server.url);
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`no answer in 60 s:\n${log.join('\n')}`)), 60_000),
      );
      answer = JSON.parse(await Promise.race([printed, timeout]));
    } finally {
      await browser.close();
      await server.close();
    }
    expect(answer.label).toBe('positive');

    // tfnlp on the same review, tokenized by the app.
    await initWasm();
    const m = loadModelDir(SHIPPED_MODEL);
    const ids = Array.from(encodeText(m.tokenizer, REVIEW, m.record.maxLength));
    const expected = tf.tidy(() =>
      Array.from(
        m.model
          .forward(tf.tensor2d([ids], undefined, 'int32'), tf.ones([1, ids.length]))
          .dataSync(),
      ),
    );
    m.model.dispose();
    const diff = Math.max(...answer.logits.map((v, i) => Math.abs(v - expected[i]!)));
    console.log(
      `onnxruntime-web in Chromium: ${answer.label} ${answer.probability.toFixed(4)}, max |web - tfnlp| ${diff.toExponential(2)}`,
    );
    answer.logits.forEach((v, i) => {
      expect(Math.abs(v - expected[i]!)).toBeLessThanOrEqual(1e-5 + 1e-5 * Math.abs(expected[i]!));
    });
  });
});
