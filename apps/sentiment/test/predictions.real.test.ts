// The shipped model's predictions do not change when its tokenizer or batching code does: labels
// and probabilities (to 1e-6) on 2,000 IMDB test reviews against test/fixtures/predictions.json,
// which the tokenizer the model was trained with (the app's own word tokenizer, since replaced by
// @tfnlp/tokenizers' word-level preset) produced. The fixture holds a digest of each review,
// never its text. Skips, saying why, when the archive is absent.
// Regenerate (only when the model itself changes): TFNLP_WRITE_FIXTURES=1 pnpm vitest run test/predictions.real.test.ts
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initWasm } from '@tfnlp/backend-wasm';
import { describe, expect, it } from 'vitest';
import { loadImdb } from '../src/data.js';
import { classify, encodeText, loadModelDir } from '../src/model.js';
import { realImdb, SHIPPED_MODEL } from './helpers.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'predictions.json');
const COUNT = 2000;
/** Probabilities are stored as integers in units of 1e-7. */
const SCALE = 1e7;

interface Fixture {
  about: string;
  /** [digest of the review, predicted label, probabilities * SCALE rounded]. */
  rows: Array<[string, number, number[]]>;
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

const real = realImdb();
if (!real.present) {
  console.warn(
    `[sentiment] skipping the prediction-equality test: ${real.path} is absent (set TFNLP_DATA_DIR).`,
  );
}

describe.skipIf(!real.present)('shipped model predictions', () => {
  it('match the fixture on 2,000 IMDB test reviews (labels, probabilities to 1e-6)', async () => {
    await initWasm();
    const reviews = (await loadImdb(real.path, 'test')).map((ex) => ({
      text: ex.text,
      digest: digest(ex.text),
    }));
    const write = process.env.TFNLP_WRITE_FIXTURES === '1';
    const wanted = write
      ? new Set(
          reviews
            .map((r) => r.digest)
            .sort()
            .slice(0, COUNT),
        )
      : new Set((JSON.parse(readFileSync(FIXTURE, 'utf8')) as Fixture).rows.map((r) => r[0]));
    const chosen = reviews
      .filter((r) => wanted.has(r.digest))
      .sort((a, b) => (a.digest < b.digest ? -1 : 1));
    expect(chosen.length).toBe(COUNT);
    const loaded = loadModelDir(SHIPPED_MODEL);
    const ids = chosen.map((r) => encodeText(loaded.tokenizer, r.text, loaded.record.maxLength));
    const probs = classify(loaded, ids);
    const C = probs.length / chosen.length;
    const rows = chosen.map((r, i): [string, number, number[]] => {
      const p = Array.from(probs.subarray(i * C, (i + 1) * C));
      return [r.digest, p.indexOf(Math.max(...p)), p];
    });
    if (write) {
      const fixture: Fixture = {
        about:
          'Shipped sentiment model (apps/sentiment/model) on the IMDB test reviews with the 2,000 smallest sha256 digests (hex, first 16 chars): predicted label and softmax probabilities in units of 1e-7.',
        rows: rows.map(([d, l, p]) => [d, l, p.map((x) => Math.round(x * SCALE))]),
      };
      writeFileSync(FIXTURE, `${JSON.stringify(fixture)}\n`);
      return;
    }
    const expected = new Map(
      (JSON.parse(readFileSync(FIXTURE, 'utf8')) as Fixture).rows.map((r) => [r[0], r]),
    );
    let worst = 0;
    for (const [d, label, p] of rows) {
      const [, wantLabel, wantP] = expected.get(d)!;
      expect(label, `label of review ${d}`).toBe(wantLabel);
      p.forEach((x, c) => {
        worst = Math.max(worst, Math.abs(x - wantP[c]! / SCALE));
      });
    }
    // Stored values are rounded to 5e-8, so this bounds the change from the old code by 1e-6.
    expect(worst).toBeLessThanOrEqual(1e-6 - 5e-8);
  }, 300_000);
});
