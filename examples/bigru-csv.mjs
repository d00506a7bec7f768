// A bidirectional-GRU text classifier trained on your own CSV file: @tfnlp/datasets reads the
// CSV (`tabular`), makes a stratified train/validation split, a vocabulary from the train split
// and padded, length-bucketed batches (reshuffled every epoch from the trainer's seed);
// @tfnlp/layers builds the RNNClassifier (cell 'gru', bidirectional); @tfnlp/train's Trainer
// trains it with AdamW and reports validation metrics; the model is saved (config + safetensors)
// and reloaded to classify new sentences.
//
// Shows: any labelled CSV/TSV/JSONL -> a trained classifier, with the packages composed by hand
// (the sentiment app only reads IMDB and offers fixed recipes).
//
// Run (after `pnpm build`):
//   node examples/bigru-csv.mjs data.csv --text text --label label
//   node examples/bigru-csv.mjs data.csv --epochs 20 --out my-model --predict "some new text"
// The label column may hold any values (e.g. pos/neg, 1..5); the classes are its distinct values.
// TODO(tokenizers): swap wordTokenize + buildVocabulary for a @tfnlp/tokenizers tokenizer
// (collate accepts any `(text) => ids` function or `{ encodeBatch }` object).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import {
  bucketByLength,
  buildVocabulary,
  collate,
  collateBatches,
  shuffle,
  stratifiedSplit,
  Vocabulary,
  wordTokenize,
} from '@tfnlp/datasets';
import { tabular, tabularLabels } from '@tfnlp/datasets/node';
import { loadModel, RNNClassifier, saveModel } from '@tfnlp/layers';
import { AdamW, formatEpoch, Trainer } from '@tfnlp/train';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    text: { type: 'string', default: 'text' },
    label: { type: 'string', default: 'label' },
    epochs: { type: 'string', default: '10' },
    'batch-size': { type: 'string', default: '16' },
    'max-length': { type: 'string', default: '64' },
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
const vocab = await buildVocabulary(train, { tokenize: wordTokenize, minCount: 1 });
console.log(
  `${path}: ${train.length} train / ${validation.length} validation rows, classes [${labels.join(', ')}], vocabulary ${vocab.size}`,
);

// Batches of similar length (less padding); a function of the epoch's seed, so every epoch is
// shuffled differently but the run is reproducible from --seed.
const batches = (examples, shuffleSeed) =>
  collateBatches(
    bucketByLength(
      shuffleSeed === undefined
        ? examples
        : shuffle(examples, { seed: shuffleSeed, bufferSize: examples.length }),
      { length: (ex) => wordTokenize(ex.text).length, boundaries: [8, 16, 32], batchSize },
    ),
    { tokenizer: vocab.encode, maxLength },
  );
/** Collated batch -> logits [batch, classes]. */
const forward = (model, b) =>
  model.forward(
    tf.tensor2d(b.ids, [b.batchSize, b.seqLength], 'int32'),
    tf.tensor2d(b.attentionMask, [b.batchSize, b.seqLength], 'int32'),
  );

// 2. Model: Embedding -> bidirectional GRU -> max pool over time -> Dense.
const model = new RNNClassifier({
  vocabSize: vocab.size,
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

// 3. Training.
const trainer = new Trainer({
  model,
  forward,
  optimizer: new AdamW({ lr: Number(args.lr) }),
  clipNorm: 1,
  seed,
});
trainer.on('epoch', (e) => console.log(formatEpoch(e)));
const { history } = await trainer.fit(({ seed: epochSeed }) => batches(train, epochSeed), {
  epochs: Number(args.epochs),
  validation: validation.length > 0 ? () => batches(validation) : undefined,
});
const last = history.at(-1);
console.log(
  `final: train accuracy ${last.accuracy.toFixed(3)}, validation accuracy ${(last.val_accuracy ?? Number.NaN).toFixed(3)}`,
);

// 4. Save (model.json + model.safetensors + vocabulary) and reload from the files' bytes.
let loaded = model;
let loadedVocab = vocab;
if (args.out) {
  mkdirSync(args.out, { recursive: true });
  const saved = saveModel(model);
  writeFileSync(join(args.out, 'model.json'), saved.config);
  writeFileSync(join(args.out, 'model.safetensors'), saved.weights);
  writeFileSync(join(args.out, 'vocab.json'), JSON.stringify({ tokens: vocab.tokens, labels }));
  loaded = loadModel(new Uint8Array(readFileSync(join(args.out, 'model.safetensors'))));
  const { tokens } = JSON.parse(readFileSync(join(args.out, 'vocab.json'), 'utf8'));
  loadedVocab = new Vocabulary(tokens, '<unk>', wordTokenize);
  console.log(`saved to ${args.out} and reloaded (${model.numParameters()} parameters)`);
}

// 5. New sentences through the (reloaded) model.
loaded.eval();
if (args.predict.length > 0) {
  const b = collate(
    args.predict.map((text) => ({ text, label: 0 })),
    { tokenizer: loadedVocab.encode, maxLength },
  );
  const probs = tf.tidy(() => tf.softmax(forward(loaded, b)).arraySync());
  probs.forEach((p, i) => {
    const best = p.indexOf(Math.max(...p));
    console.log(
      `predict: ${labels[best]} (${p[best].toFixed(3)})  ${JSON.stringify(args.predict[i])}`,
    );
  });
}
