#!/usr/bin/env node
// Scores a model folder on its dataset's test split with the page's own tokenizer and model
// loading (what the page runs): checks a converted tokenizer file keeps the recorded score, or
// (--write) records the test score of a model trained with --skip-test, once it was chosen on
// the validation split.
//
//   node apps/news-classifier/scripts/evaluate.mjs apps/news-classifier/public/models/bbc [--data PATH]
//   node apps/news-classifier/scripts/evaluate.mjs DIR --write
//
// Needs the app built first (`pnpm --filter @tfnlp/news-classifier-app build`).
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { paddedBatches } from '@tfnlp/datasets';
import { encodeIds, loadNewsModel } from '../dist/model.js';
import { DATASETS } from '../dist/node/datasets.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { data: { type: 'string' }, write: { type: 'boolean', default: false } },
});
if (!positionals[0]) {
  console.log('usage: node apps/news-classifier/scripts/evaluate.mjs MODEL_DIR [--data PATH]');
  process.exit(2);
}
const dir = resolve(positionals[0]);
await initWasm();
const m = await loadNewsModel(async (file) => {
  const data = await readFile(join(dir, file));
  return { text: async () => data.toString('utf8'), bytes: async () => new Uint8Array(data) };
});
const recipe = /** @type {import('../dist/pipeline/recipe.js').NewsRecipe} */ (
  m.info.training.recipe
);
const ds = DATASETS[recipe.dataset];
const root = resolve(import.meta.dirname, '../../..');
const path = resolve(values.data ?? join(root, '..', 'shared', 'data', ds.file));
const { test, split } = await ds.load(path, recipe.seed, recipe.remove ?? []);
const encoded = test.map((e) => ({
  ids: encodeIds(m.tokenizer, e.text, m.info.maxLength),
  label: e.label,
}));
let correct = 0;
const perClass = m.info.labels.map(() => ({ n: 0, correct: 0 }));
// Batches of 32 sorted by length (little padding).
for (const b of paddedBatches(encoded, { batchSize: 32, bucketSize: Number.POSITIVE_INFINITY })) {
  const pred = tf.tidy(() =>
    tf
      .argMax(
        m.model.forward(
          tf.tensor2d(b.ids, [b.batchSize, b.seqLength], 'int32'),
          tf.tensor2d(b.attentionMask, [b.batchSize, b.seqLength], 'int32'),
        ),
        1,
      )
      .dataSync(),
  );
  b.labels.forEach((y, r) => {
    const c = /** @type {{ n: number, correct: number }} */ (perClass[y]);
    c.n++;
    if (pred[r] === y) {
      correct++;
      c.correct++;
    }
  });
}
const accuracy = correct / test.length;
const recorded = m.info.scores.test?.accuracy;
console.log(
  `${m.info.id}: test accuracy ${(100 * accuracy).toFixed(2)} % (${correct}/${test.length}, ${split})` +
    (recorded === undefined ? '' : `; info.json says ${(100 * recorded).toFixed(2)} %`),
);
if (values.write) {
  if (recorded !== undefined) throw new Error('info.json already has a test score; not rewritten');
  const info = JSON.parse(await readFile(join(dir, 'info.json'), 'utf8'));
  info.scores.test = {
    split,
    examples: test.length,
    accuracy,
    perClassAccuracy: Object.fromEntries(
      m.info.labels.map((l, i) => {
        const c = /** @type {{ n: number, correct: number }} */ (perClass[i]);
        return [l, c.n ? c.correct / c.n : null];
      }),
    ),
    scoredBy: 'node apps/news-classifier/scripts/evaluate.mjs --write',
  };
  await writeFile(join(dir, 'info.json'), `${JSON.stringify(info, null, 2)}\n`);
  console.log(`wrote the test score to ${join(dir, 'info.json')}`);
} else if (recorded !== undefined && Math.abs(accuracy - recorded) > 1e-9) {
  process.exitCode = 1;
}
