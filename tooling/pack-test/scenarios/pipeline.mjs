// Pack-test scenario: the composed pipeline of issue 10, every package installed from its
// tarball with npm, in plain Node ESM:
//   generated CSV -> @tfnlp/datasets (tabular, stratified split, batches)
//   -> @tfnlp/tokenizers (a WordPiece tokenizer trained on the train split only; padding to the
//      longest row of each batch, truncation to 8 tokens; saved and reloaded as tokenizer.json)
//   -> @tfnlp/layers RNNClassifier with a GRU -> @tfnlp/train Trainer on @tfnlp/backend-wasm
//   -> saveModel -> loadModel -> predict; the loaded model + reloaded tokenizer predict exactly
//      the same.
// Prints one JSON line; throws on failure.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { collate, paddedBatches, stratifiedSplit } from '@tfnlp/datasets';
import { tabular } from '@tfnlp/datasets/node';
import { loadModel, RNNClassifier, saveModel } from '@tfnlp/layers';
import {
  BertNormalizer,
  BertPreTokenizer,
  loadTokenizer,
  saveTokenizer,
  Tokenizer,
  WordLevel,
  WordPieceTrainer,
} from '@tfnlp/tokenizers/node';
import { AdamW, Trainer } from '@tfnlp/train';

await initWasm();

const MAX_TOKENS = 8;
const dir = mkdtempSync(join(tmpdir(), 'tfnlp-pack-test-pipeline-'));
try {
  // A CSV of short "reviews": positive words -> pos, negative words -> neg.
  const good = ['great', 'fine', 'lovely', 'superb', 'nice', 'fun'];
  const bad = ['awful', 'dull', 'poor', 'boring', 'bad', 'weak'];
  const filler = ['the', 'film', 'was', 'and', 'plot'];
  const lines = ['text,label'];
  for (let i = 0; i < 80; i++) {
    const words = i % 2 === 0 ? good : bad;
    const text = Array.from({ length: 3 + (i % 5) }, (_, k) =>
      k % 2 === 0 ? words[((i >> 1) + k) % 6] : filler[(i + k) % 5],
    ).join(' ');
    lines.push(`${text},${i % 2 === 0 ? 'pos' : 'neg'}`);
  }
  const csv = join(dir, 'reviews.csv');
  writeFileSync(csv, `${lines.join('\n')}\n`);

  // 1. datasets: rows of the CSV, split 80/20 per class.
  const { train, validation } = await stratifiedSplit(
    tabular({ path: csv, text: 'text', label: 'label' }),
    { validationFraction: 0.2, seed: 7 },
  );
  assert.equal(train.length + validation.length, 80);

  // 2. tokenizers: a WordPiece vocabulary learnt from the train texts only ([PAD] = 0).
  const tokenizer = new Tokenizer(new WordLevel({}));
  tokenizer.normalizer = new BertNormalizer();
  tokenizer.preTokenizer = new BertPreTokenizer();
  tokenizer.train(
    train.map((ex) => ex.text),
    new WordPieceTrainer({ vocabSize: 100, specialTokens: ['[PAD]', '[UNK]'] }),
  );
  assert.equal(tokenizer.tokenToId('[PAD]'), 0);
  tokenizer.setPadding({ padId: 0, padToken: '[PAD]' }); // to the longest text of each batch
  tokenizer.setTruncation({ maxLength: MAX_TOKENS });

  // Rows -> @tfnlp/datasets' PaddedBatch ([batch, time] ids and mask, padded to the longest row).
  /**
   * @param {Tokenizer} tok
   * @param {import('@tfnlp/datasets').TextExample[]} rows
   */
  const encoded = (tok, rows) => rows.map((r) => ({ ids: tok.encode(r.text).ids, label: r.label }));
  /**
   * @param {Tokenizer} tok
   * @param {import('@tfnlp/datasets').TextExample[]} rows
   */
  const encodeRows = (tok, rows) => collate(encoded(tok, rows));
  /**
   * @param {RNNClassifier} model
   * @param {import('@tfnlp/datasets').PaddedBatch} b
   */
  const forward = (model, b) =>
    tf.tidy(() => {
      /** @type {[number, number]} */
      const shape = [b.batchSize, b.seqLength]; // [batch, time]
      return model.forward(tf.tensor2d(b.ids, shape, 'int32'), tf.tensor2d(b.attentionMask, shape));
    });
  // Shuffled batches of 16 (seed 1).
  const batches = [...paddedBatches(encoded(tokenizer, train), { batchSize: 16, seed: 1 })];
  assert.ok(batches.every((b) => b.seqLength <= MAX_TOKENS));
  assert.ok(
    batches.some((b) => b.attentionMask.includes(0)),
    'padding to the longest row left no padding in any batch',
  );

  // 3. layers + train: a GRU classifier, a few AdamW steps on wasm.
  const model = new RNNClassifier({
    vocabSize: tokenizer.getVocabSize(),
    embeddingDim: 8,
    hiddenSize: 8,
    numClasses: 2,
    cell: 'gru',
    pooling: 'mean',
    paddingIdx: 0,
    seed: 5,
  });
  const trainer = new Trainer({ model, forward, optimizer: new AdamW({ lr: 0.05 }), seed: 3 });
  const { history, step } = await trainer.fit(batches, { epochs: 6 });
  assert.equal(step, 6 * batches.length);
  assert.ok(
    (history.at(-1)?.loss ?? Number.NaN) < (history[0]?.loss ?? Number.NaN),
    `the loss did not fall: ${history.map((h) => h.loss).join(' -> ')}`,
  );
  const metrics = await trainer.evaluate(batches);
  assert.ok((metrics.accuracy ?? 0) >= 0.9, `training accuracy ${metrics.accuracy}`);
  const heldOut = [encodeRows(tokenizer, validation)];
  const before = await trainer.predict(heldOut);

  // 4. Save the tokenizer (tokenizer.json) and the model (JSON config + safetensors bytes);
  // rebuild both from what was saved alone and predict the held-out rows again.
  await saveTokenizer(tokenizer, join(dir, 'tokenizer.json'));
  const saved = saveModel(model);
  assert.equal(saved.config.config.type, 'RNNClassifier');
  const loadedTokenizer = await loadTokenizer(join(dir, 'tokenizer.json'));
  assert.deepEqual(loadedTokenizer.truncation, tokenizer.truncation);
  const loaded = loadModel(saved.weights);
  assert.ok(loaded instanceof RNNClassifier);
  loaded.eval();
  const after = await new Trainer({
    model: loaded,
    forward,
    optimizer: new AdamW({ lr: 0.05 }),
  }).predict([encodeRows(loadedTokenizer, validation)]);
  assert.deepEqual(Array.from(after.predictions), Array.from(before.predictions));
  assert.deepEqual(Array.from(after.logits), Array.from(before.logits));
  const heldOutAccuracy =
    Array.from(after.predictions).filter((p, i) => p === validation[i]?.label).length /
    validation.length;

  // New sentences, straight through the reloaded tokenizer and model.
  const fresh = encodeRows(loadedTokenizer, [
    { text: 'a superb and lovely film', label: 1 },
    { text: 'a dull and boring plot', label: 0 },
  ]);
  const labels = tf.tidy(() => Array.from(tf.argMax(forward(loaded, fresh), 1).dataSync()));
  assert.deepEqual(labels, [1, 0]);

  console.log(
    JSON.stringify({
      ok: true,
      backend: tf.getBackend(),
      rows: { train: train.length, validation: validation.length },
      vocabulary: tokenizer.getVocabSize(),
      tokens: loadedTokenizer.encode('a superb and lovely film').tokens,
      steps: step,
      parameters: model.numParameters(),
      loss: history.map((h) => Number((h.loss ?? Number.NaN).toFixed(4))),
      trainAccuracy: metrics.accuracy,
      heldOutAccuracy,
      weightsBytes: saved.weights.length,
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
