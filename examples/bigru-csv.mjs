// A bidirectional-GRU text classifier trained on your own CSV file: @tfnlp/datasets reads the
// CSV (`tabular`) and makes a stratified train/validation split; @tfnlp/tokenizers learns a
// WordPiece vocabulary from the train split only (BERT-style lowercasing and punctuation
// splitting; unseen words fall apart into known pieces instead of becoming <unk>);
// @tfnlp/datasets turns the token ids into padded, length-bucketed batches (reshuffled every
// epoch from the trainer's seed); @tfnlp/layers builds the RNNClassifier (cell 'gru',
// bidirectional); @tfnlp/train's Trainer trains it with AdamW and reports validation metrics;
// the model (config + safetensors) and the tokenizer (tokenizer.json) are saved and reloaded
// to classify new sentences.
//
// Shows: any labelled CSV/TSV/JSONL -> a trained classifier, with the packages composed by hand
// (the sentiment app only reads IMDB and offers fixed recipes).
//
// Run (after `pnpm build`):
//   node examples/bigru-csv.mjs data.csv --text text --label label
//   node examples/bigru-csv.mjs data.csv --epochs 20 --out my-model --predict "some new text"
// The label column may hold any values (e.g. pos/neg, 1..5); the classes are its distinct values.
// --vocab-size sets the WordPiece vocabulary (default 4000; a small file yields fewer).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { collate, paddedBatches, stratifiedSplit } from '@tfnlp/datasets';
import { tabular, tabularLabels } from '@tfnlp/datasets/node';
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
import { AdamW, formatEpoch, Trainer } from '@tfnlp/train';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    text: { type: 'string', default: 'text' },
    label: { type: 'string', default: 'label' },
    epochs: { type: 'string', default: '10' },
    'batch-size': { type: 'string', default: '16' },
    'max-length': { type: 'string', default: '64' },
    'vocab-size': { type: 'string', default: '4000' },
    hidden: { type: 'string', default: '32' },
    lr: { type: 'string', default: '0.01' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string' },
    predict: { type: 'string', multiple: true, default: [] },
  },
});
const path = positionals[0];
if (!path) {
  console.error(
    'usage: node examples/bigru-csv.mjs <file.csv|.tsv|.jsonl> [--text COL] [--label COL] [--epochs N] [--out DIR] [--predict TEXT]...',
  );
  process.exit(2);
}
const maxLength = Number(args['max-length']);
const batchSize = Number(args['batch-size']);
const seed = Number(args.seed);

await initWasm();

// 1. Data: the file's rows as { text, label, labelName }, split 90/10 per class.
const source = { path, text: args.text, label: args.label };
const labels = await tabularLabels(source);
const { train, validation } = await stratifiedSplit(tabular(source), {
  validationFraction: 0.1,
  seed,
});

// 2. Tokenizer: WordPiece learnt from the train texts only ([PAD] = 0, the padding id collate
// uses; [UNK] for characters never seen in training).
const tokenizer = new Tokenizer(new WordLevel({}));
tokenizer.normalizer = new BertNormalizer(); // lowercase, strip accents, clean control chars
tokenizer.preTokenizer = new BertPreTokenizer(); // split on whitespace and punctuation
tokenizer.train(
  train.map((ex) => ex.text),
  new WordPieceTrainer({
    vocabSize: Number(args['vocab-size']),
    specialTokens: ['[PAD]', '[UNK]'],
  }),
);
console.log(
  `${path}: ${train.length} train / ${validation.length} validation rows, classes [${labels.join(', ')}], vocabulary ${tokenizer.getVocabSize()}`,
);

// Each text is encoded once (collate does not tokenize examples that carry `ids`); training
// batches are shuffled with the epoch's seed, sorted by length within buckets of 8 batches
// (less padding) and shuffled again, so every epoch differs but the run is reproducible from --seed.
/** @param {import('@tfnlp/datasets').TextExample[]} examples */
const withIds = (examples) => examples.map((ex) => ({ ...ex, ids: tokenizer.encode(ex.text).ids }));
const trainIds = withIds(train);
const validationIds = withIds(validation);
/**
 * @param {import('@tfnlp/datasets').MaybeTokenized[]} examples
 * @param {number} [shuffleSeed]
 */
const batches = (examples, shuffleSeed) =>
  paddedBatches(
    examples,
    shuffleSeed === undefined
      ? { batchSize, maxLength }
      : { batchSize, maxLength, seed: shuffleSeed, bucketSize: 8 * batchSize },
  );
/**
 * Collated batch -> logits [batch, classes].
 * @param {RNNClassifier} model
 * @param {import('@tfnlp/datasets').PaddedBatch} b
 */
const forward = (model, b) =>
  model.forward(
    tf.tensor2d(b.ids, [b.batchSize, b.seqLength], 'int32'),
    tf.tensor2d(b.attentionMask, [b.batchSize, b.seqLength], 'int32'),
  );

// 3. Model: Embedding -> bidirectional GRU -> max pool over time -> Dense.
const model = new RNNClassifier({
  vocabSize: tokenizer.getVocabSize(),
  embeddingDim: 32,
  hiddenSize: Number(args.hidden),
  numClasses: labels.length,
  cell: 'gru',
  bidirectional: true,
  pooling: 'max',
  dropout: 0.1,
  paddingIdx: 0,
  seed,
});

// 4. Training.
const trainer = new Trainer({
  model,
  forward,
  optimizer: new AdamW({ lr: Number(args.lr) }),
  maxGradNorm: 1,
  seed,
});
trainer.on('epoch', (e) => console.log(formatEpoch(e)));
const { history } = await trainer.fit(({ seed: epochSeed }) => batches(trainIds, epochSeed), {
  epochs: Number(args.epochs),
  validation: validation.length > 0 ? () => batches(validationIds) : undefined,
});
const last = history.at(-1) ?? {};
console.log(
  `final: train accuracy ${(last.accuracy ?? Number.NaN).toFixed(3)}, validation accuracy ${(last.val_accuracy ?? Number.NaN).toFixed(3)}`,
);

// 5. Save (model.json + model.safetensors, tokenizer.json, labels.json) and reload from the
// files alone.
let loaded = model;
let loadedTokenizer = tokenizer;
let loadedLabels = labels;
if (args.out) {
  mkdirSync(args.out, { recursive: true });
  const saved = saveModel(model);
  writeFileSync(join(args.out, 'model.json'), JSON.stringify(saved.config));
  writeFileSync(join(args.out, 'model.safetensors'), saved.weights);
  await saveTokenizer(tokenizer, join(args.out, 'tokenizer.json')); // Hugging Face's format
  writeFileSync(join(args.out, 'labels.json'), JSON.stringify(labels));
  const reloaded = loadModel(new Uint8Array(readFileSync(join(args.out, 'model.safetensors'))));
  if (!(reloaded instanceof RNNClassifier)) {
    throw new Error(
      `${args.out}/model.safetensors holds a ${reloaded.constructor.name}, not an RNNClassifier.`,
    );
  }
  loaded = reloaded;
  loadedTokenizer = await loadTokenizer(join(args.out, 'tokenizer.json'));
  loadedLabels = JSON.parse(readFileSync(join(args.out, 'labels.json'), 'utf8'));
  console.log(`saved to ${args.out} and reloaded (${model.numParameters()} parameters)`);
}

// 6. New sentences through the (reloaded) tokenizer and model. collate takes the Tokenizer
// itself: anything with `encodeBatch(texts)` (or a `(text) => ids` function) works.
loaded.eval();
if (args.predict.length > 0) {
  const b = collate(
    args.predict.map((text) => ({ text, label: 0 })),
    { tokenizer: loadedTokenizer, maxLength },
  );
  const probs = tf.tidy(() => tf.softmax(forward(loaded, b)).arraySync());
  probs.forEach((p, i) => {
    const best = p.indexOf(Math.max(...p));
    console.log(
      `predict: ${loadedLabels[best]} (${(p[best] ?? Number.NaN).toFixed(3)})  ${JSON.stringify(args.predict[i])}`,
    );
  });
}
