// Pack-test scenario: the composed pipeline of issue 10, every package installed from its
// tarball with npm, in plain Node ESM:
//   generated CSV -> @tfnlp/datasets (tabular, Vocabulary + wordTokenize, collate)
//   -> @tfnlp/layers RNNClassifier with a GRU -> @tfnlp/train Trainer on @tfnlp/backend-wasm
//   -> saveModel -> loadModel -> predict; the loaded model predicts exactly the same.
// Prints one JSON line; throws on failure.
// TODO(tokenizers): when @tfnlp/tokenizers is publishable, encode with one of its tokenizers
// here instead of buildVocabulary + wordTokenize (collate takes any TokenizerLike).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import {
  batch,
  buildVocabulary,
  collate,
  shuffleArray,
  toArray,
  wordTokenize,
} from '@tfnlp/datasets';
import { tabular } from '@tfnlp/datasets/node';
import { loadModel, RNNClassifier, saveModel } from '@tfnlp/layers';
import { AdamW, Trainer } from '@tfnlp/train';

await initWasm();

const dir = mkdtempSync(join(tmpdir(), 'tfnlp-pack-test-pipeline-'));
try {
  // A CSV of short "reviews": positive words -> pos, negative words -> neg.
  const good = ['great', 'fine', 'lovely', 'superb', 'nice', 'fun'];
  const bad = ['awful', 'dull', 'poor', 'boring', 'bad', 'weak'];
  const filler = ['the', 'film', 'was', 'and', 'plot'];
  const lines = ['text,label'];
  for (let i = 0; i < 64; i++) {
    const words = i % 2 === 0 ? good : bad;
    const text = Array.from({ length: 3 + (i % 4) }, (_, k) =>
      k % 2 === 0 ? words[((i >> 1) + k) % 6] : filler[(i + k) % 5],
    ).join(' ');
    lines.push(`${text},${i % 2 === 0 ? 'pos' : 'neg'}`);
  }
  const csv = join(dir, 'reviews.csv');
  writeFileSync(csv, `${lines.join('\n')}\n`);

  const examples = await toArray(tabular({ path: csv, text: 'text', label: 'label' }));
  const vocab = await buildVocabulary(examples, { tokenize: wordTokenize });
  // Fixed, shuffled batches of 16, collated to padded Int32Array ids + mask + labels.
  const batches = (await toArray(batch(shuffleArray(examples, 1), 16))).map((rows) =>
    collate(rows, { tokenizer: vocab.encode, maxLength: 8 }),
  );
  const toTensors = (b) => ({
    ids: tf.tensor2d(b.ids, [b.batchSize, b.seqLength], 'int32'),
    mask: tf.tensor2d(b.attentionMask, [b.batchSize, b.seqLength], 'int32'),
  });
  const forward = (model, b) => {
    const { ids, mask } = toTensors(b);
    return model.forward(ids, mask);
  };

  const model = new RNNClassifier({
    vocabSize: vocab.size,
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
  assert.equal(step, 24);
  assert.ok(
    history.at(-1).loss < history[0].loss,
    `the loss did not fall: ${history.map((h) => h.loss).join(' -> ')}`,
  );
  const before = await trainer.predict(batches);
  const metrics = await trainer.evaluate(batches);
  assert.ok(metrics.accuracy >= 0.9, `training accuracy ${metrics.accuracy}`);

  // Save (JSON config + safetensors bytes), rebuild from the bytes alone, predict again.
  const saved = saveModel(model);
  assert.equal(JSON.parse(saved.config).config.type, 'RNNClassifier');
  const loaded = loadModel(saved.weights);
  assert.ok(loaded instanceof RNNClassifier);
  loaded.eval();
  const after = await new Trainer({
    model: loaded,
    forward,
    optimizer: new AdamW({ lr: 0.05 }),
  }).predict(batches);
  assert.deepEqual(Array.from(after.predictions), Array.from(before.predictions));
  assert.deepEqual(Array.from(after.logits), Array.from(before.logits));

  // New sentences, straight through the loaded model.
  const fresh = collate(
    [
      { text: 'a superb and lovely film', label: 1 },
      { text: 'a dull and boring plot', label: 0 },
    ],
    { tokenizer: vocab.encode, maxLength: 8 },
  );
  const { ids, mask } = toTensors(fresh);
  const labels = tf.tidy(() => Array.from(tf.argMax(loaded.forward(ids, mask), 1).dataSync()));
  tf.dispose([ids, mask]);
  assert.deepEqual(labels, [1, 0]);

  console.log(
    JSON.stringify({
      ok: true,
      backend: tf.getBackend(),
      steps: step,
      vocabulary: vocab.size,
      parameters: model.numParameters(),
      loss: history.map((h) => Number(h.loss.toFixed(4))),
      accuracy: metrics.accuracy,
      weightsBytes: saved.weights.length,
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
