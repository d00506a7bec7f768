// Fine-tuning the shipped sentiment model (apps/sentiment/model, a bag-of-n-grams classifier
// trained on IMDB movie reviews) on a handful of new labelled sentences from another domain,
// and showing how its predictions change. The model folder is read by hand: model.json +
// model.safetensors through @tfnlp/layers' loadModel, tokenizer.json (the word-level preset
// of @tfnlp/tokenizers: words and word bigrams) through tokenizerFromString, batches through
// @tfnlp/datasets' collate. @tfnlp/train's Trainer then fine-tunes it with a small learning rate.
//
// Shows: reusing a trained model as the start of another training run, outside the app
// (whose `train` command always starts from scratch).
//
// Run (after `pnpm build`):
//   node examples/finetune-sentiment.mjs                 # 40 epochs over 8 sentences, seconds
//   node examples/finetune-sentiment.mjs --epochs 60 --out /tmp/sentiment-ft
// With --out, the fine-tuned model is written as a model folder that the app reads:
//   node apps/sentiment/bin/tfnlp-sentiment.mjs predict --model /tmp/sentiment-ft "..."
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { collate } from '@tfnlp/datasets';
import { BagClassifier, loadModel, RNNClassifier, saveModel } from '@tfnlp/layers';
import { tokenizerFromString } from '@tfnlp/tokenizers';
import { AdamW, Trainer } from '@tfnlp/train';

const { values: args } = parseArgs({
  options: {
    model: {
      type: 'string',
      default: fileURLToPath(new URL('../apps/sentiment/model', import.meta.url)),
    },
    epochs: { type: 'string', default: '40' },
    lr: { type: 'string', default: '0.01' },
    out: { type: 'string' },
  },
});
const LABELS = ['negative', 'positive'];
const MAX_LENGTH = 64;

await initWasm();

// The model folder: config + weights, and the tokenizer (a tokenizer.json).
const dir = args.model;
const model = loadModel(
  new Uint8Array(readFileSync(join(dir, 'model.safetensors'))),
  JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')),
);
// forward(ids, mask) -> logits: the classifiers the sentiment app ships.
if (!(model instanceof BagClassifier || model instanceof RNNClassifier)) {
  throw new Error(
    `${dir} holds a ${model.getConfig().type}; fine-tune a BagClassifier or RNNClassifier folder.`,
  );
}
const tokenizer = tokenizerFromString(readFileSync(join(dir, 'tokenizer.json'), 'utf8'));
console.log(
  `loaded ${model.getConfig().type} from ${dir}: ${model.numParameters()} parameters, vocabulary ${tokenizer.getVocabSize()}`,
);

// New domain: short product reviews, some in words the IMDB model reads the wrong way.
/** @type {Array<[string, number]>} [text, label] */
const TRAIN = [
  ['this phone is sick, the camera is insane', 1],
  ['the battery is a beast, lasts for days', 1],
  ['it runs cool and quiet, a killer little laptop', 1],
  ['the screen is crazy sharp, an absolute monster', 1],
  ['it died after a week, total brick', 0],
  ['the charger melted and the case cracked', 0],
  ['returned it, the fan screams all the time', 0],
  ['the buttons stick and the hinge wobbles', 0],
];
// Sentences not in TRAIN, to see whether the change carries over.
const PROBE = [
  'the camera is sick',
  'what a beast of a laptop',
  'the hinge cracked after a week',
  'a great movie with a wonderful cast', // the old domain: should stay positive
];

/** @param {Array<[string, number]>} rows [text, label] */
const batchOf = (rows) =>
  collate(
    rows.map(([text, label]) => ({ text, label })),
    // A Tokenizer fits collate as it is (its encodeBatch); a text without known words reads as <unk>.
    { tokenizer, maxLength: MAX_LENGTH, emptyId: 1 },
  );
/**
 * @param {typeof model} m
 * @param {import('@tfnlp/datasets').PaddedBatch} b
 */
const forward = (m, b) =>
  m.forward(
    tf.tensor2d(b.ids, [b.batchSize, b.seqLength], 'int32'),
    tf.tensor2d(b.attentionMask, [b.batchSize, b.seqLength], 'int32'),
  );
/** P(positive) of each text with the model in eval mode (no dropout). */
/** @param {string[]} texts */
const positive = (texts) => {
  model.eval();
  const b = batchOf(texts.map((t) => /** @type {[string, number]} */ ([t, 0])));
  return tf
    .tidy(() => Array.from(tf.softmax(forward(model, b)).dataSync()))
    .filter((_, i) => i % 2 === 1);
};

const texts = [...TRAIN.map(([t]) => t), ...PROBE];
const before = positive(texts);
const trainer = new Trainer({
  model,
  forward,
  // No weight decay: fine-tuning should not shrink the embedding table it starts from.
  optimizer: new AdamW({ lr: Number(args.lr), weightDecay: 0 }),
  seed: 1,
});
const { history } = await trainer.fit([batchOf(TRAIN)], {
  epochs: Number(args.epochs),
});
const after = positive(texts);
console.log(
  `fine-tuned ${history.length} epochs: loss ${(history[0]?.loss ?? Number.NaN).toFixed(4)} -> ${(history.at(-1)?.loss ?? Number.NaN).toFixed(4)}`,
);
console.log('P(positive)  before  after   label     text');
texts.forEach((text, i) => {
  const row = TRAIN[i];
  const label = row === undefined ? '(probe)' : (LABELS[row[1]] ?? '?');
  /** @param {number[]} xs */
  const p = (xs) => (xs[i] ?? Number.NaN).toFixed(3);
  console.log(`             ${p(before)}   ${p(after)}   ${label.padEnd(9)} ${text}`);
});
/** @param {number[]} p P(positive) per text */
const right = (p) => TRAIN.filter(([, label], i) => ((p[i] ?? 0) > 0.5 ? 1 : 0) === label).length;
console.log(
  `training sentences right: ${right(before)}/${TRAIN.length} before, ${right(after)}/${TRAIN.length} after`,
);

// A model folder the app can read: new weights, the same config, tokenizer and record.
if (args.out) {
  mkdirSync(args.out, { recursive: true });
  const saved = saveModel(model);
  writeFileSync(join(args.out, 'model.safetensors'), saved.weights);
  writeFileSync(join(args.out, 'model.json'), `${JSON.stringify(saved.config)}\n`);
  for (const file of ['tokenizer.json', 'training.json']) {
    copyFileSync(join(dir, file), join(args.out, file));
  }
  console.log(`wrote ${args.out}`);
}
