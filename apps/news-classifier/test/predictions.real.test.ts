// The shipped models' predictions do not change when the tokenizer or batching code does: the
// labels of each model's whole test split, and the probabilities (to 1e-6) of its (at most) 2,000
// texts with the smallest digests, against test/fixtures/predictions-<id>.json (probabilities of
// all 7,532 20news texts would make a 1 MB fixture), made with the tokenizer code the models were trained with
// (the app's NewsTokenizer, since replaced by @tfnlp/tokenizers' word-level preset). Fixtures
// hold a digest of each text, never the text. Skips, saying why, when the archive is absent.
// Regenerate (only when a model itself changes): TFNLP_WRITE_FIXTURES=1 pnpm vitest run test/predictions.real.test.ts
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import {
  batchOrder,
  collate,
  type NewsgroupsRemove,
  type TextExample,
  toArray,
} from '@tfnlp/datasets';
import { bbcNews, newsgroups } from '@tfnlp/datasets/node';
import { describe, expect, it } from 'vitest';
import { encodeIds, loadNewsModel, type NewsModel } from '../src/model.js';

const modelsDir = join(import.meta.dirname, '..', 'public', 'models');
const dataDir =
  process.env.TFNLP_DATA_DIR ||
  resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data');
/** Probabilities are stored as integers in units of 1e-7. */
const SCALE = 1e7;

/** Texts whose probabilities are stored (those with the smallest digests). */
const WITH_PROBABILITIES = 2000;

interface Fixture {
  about: string;
  /** sha256 of the texts' digests joined by newlines, in reading order. */
  split: string;
  /** The predicted label of every text in reading order, one base-36 digit each. */
  labels: string;
  /** [digest of the text, probabilities * SCALE rounded]. */
  rows: Array<[string, number[]]>;
}

const MODELS: Array<{
  id: string;
  file: string;
  test: (path: string, m: NewsModel) => Promise<TextExample[]>;
}> = [
  {
    id: 'bbc',
    file: 'bbc/bbc-fulltext.zip',
    test: (path, m) =>
      toArray(
        bbcNews({ path, split: 'test', testFraction: 0.2, seed: recipeOf(m).seed as number }),
      ),
  },
  {
    id: '20news',
    file: '20newsgroups/20news-bydate.tar.gz',
    test: (path, m) =>
      toArray(
        newsgroups({
          path,
          split: 'test',
          remove: (recipeOf(m).remove as NewsgroupsRemove[]) ?? [],
        }),
      ),
  },
];

const recipeOf = (m: NewsModel) => m.info.training.recipe as Record<string, unknown>;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const digest = (text: string) => sha256(text).slice(0, 16);

/** Softmax probabilities [n, classes] of `texts`, in batches of 32 sorted by length. */
function predict(m: NewsModel, texts: string[]): Float32Array[] {
  const lengths = texts.map(() => 0);
  const seqs = texts.map((t, i) => {
    const ids = encodeIds(m.tokenizer, t, m.info.maxLength);
    lengths[i] = ids.length;
    return { ids, label: 0 };
  });
  const out = new Array<Float32Array>(texts.length);
  for (const rows of batchOrder(lengths, { batchSize: 32, bucketSize: Number.POSITIVE_INFINITY })) {
    const b = collate(rows.map((i) => seqs[i]!));
    const probs = tf.tidy(() =>
      tf.softmax(
        m.model.forward(
          tf.tensor2d(b.ids, [b.batchSize, b.seqLength], 'int32'),
          tf.tensor2d(b.attentionMask, [b.batchSize, b.seqLength], 'int32'),
        ),
      ),
    );
    const data = probs.dataSync() as Float32Array;
    probs.dispose();
    const C = data.length / rows.length;
    rows.forEach((i, r) => {
      out[i] = data.slice(r * C, (r + 1) * C);
    });
  }
  return out;
}

describe.each(MODELS)('shipped model $id predictions', ({ id, file, test }) => {
  const path = join(dataDir, file);
  const present = existsSync(path);
  if (!present) {
    console.warn(
      `[news-classifier] skipping the ${id} prediction-equality test: ${path} is absent (set TFNLP_DATA_DIR).`,
    );
  }
  it.skipIf(!present)(
    'match the fixture on the test split (labels, probabilities to 1e-6)',
    async () => {
      await initWasm();
      const m = await loadNewsModel(async (f) => {
        const data = await readFile(join(modelsDir, id, f));
        return { text: async () => data.toString('utf8'), bytes: async () => new Uint8Array(data) };
      });
      const examples = await test(path, m);
      expect(examples.length).toBe(m.info.scores.test!.examples);
      const probs = predict(
        m,
        examples.map((e) => e.text),
      );
      const digests = examples.map((e) => digest(e.text));
      const labels = probs.map((p) => p.indexOf(Math.max(...p)).toString(36)).join('');
      const split = sha256(digests.join('\n'));
      const fixturePath = join(import.meta.dirname, 'fixtures', `predictions-${id}.json`);
      if (process.env.TFNLP_WRITE_FIXTURES === '1') {
        const chosen = digests
          .map((d, i) => [d, i] as const)
          .sort((a, b) => (a[0] < b[0] ? -1 : 1))
          .slice(0, WITH_PROBABILITIES);
        const fixture: Fixture = {
          about: `Shipped news model ${id} on its test split (${examples.length} texts): predicted labels in reading order; softmax probabilities in units of 1e-7 of the ${chosen.length} texts with the smallest sha256 digests (hex, first 16 chars).`,
          split,
          labels,
          rows: chosen.map(([d, i]) => [d, Array.from(probs[i]!, (x) => Math.round(x * SCALE))]),
        };
        writeFileSync(fixturePath, `${JSON.stringify(fixture)}\n`);
        return;
      }
      const expected = JSON.parse(readFileSync(fixturePath, 'utf8')) as Fixture;
      expect(split, 'the test split has the same texts in the same order').toBe(expected.split);
      expect(labels).toBe(expected.labels);
      const index = new Map(digests.map((d, i) => [d, i]));
      let worst = 0;
      for (const [d, want] of expected.rows) {
        const p = probs[index.get(d)!]!;
        expect(p.length).toBe(want.length);
        p.forEach((x, c) => {
          worst = Math.max(worst, Math.abs(x - want[c]! / SCALE));
        });
      }
      expect(expected.rows.length).toBe(Math.min(WITH_PROBABILITIES, examples.length));
      // Stored values are rounded to 5e-8, so this bounds the change from the old code by 1e-6.
      expect(worst).toBeLessThanOrEqual(1e-6 - 5e-8);
    },
    600_000,
  );
});
