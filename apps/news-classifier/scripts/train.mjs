#!/usr/bin/env node
// Trains the page's Transformer news classifier and writes its model folder.
//
//   node apps/news-classifier/scripts/train.mjs bbc [--data PATH] [--out DIR] [--epochs N] ...
//   node apps/news-classifier/scripts/train.mjs 20news [--data PATH] ...
//   node apps/news-classifier/scripts/train.mjs agnews --data ag_news_csv.tgz ...
//
// Needs the app built first (`pnpm --filter @tfnlp/news-classifier-app build`, or root `pnpm build`).
// Writes <out>/model.safetensors, model.json (config), tokenizer.json, info.json (labels,
// recipe, scores, wall time). Fixed seed: same data, same settings, same model.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { initWasm, wasmInfo } from '@tfnlp/backend-wasm';
import { createRandom, paddedBatches } from '@tfnlp/datasets';
import { inverseDocumentFrequency, saveModel, TransformerClassifier } from '@tfnlp/layers';
import { tokenizerToJson, WordLevelTokenizer } from '@tfnlp/tokenizers';
import {
  Accuracy,
  AdamW,
  defaultDecayFilter,
  EarlyStopping,
  formatDuration,
  LinearWarmupDecay,
  Trainer,
} from '@tfnlp/train';
import { DataParallel } from '@tfnlp/train/node';
import { encodeIds, TOKENIZER_OPTIONS, UNK_ID } from '../dist/model.js';
import { DATASETS } from './datasets.mjs';
import { holdOut } from './holdout.mjs';
import { forwardWith } from './replica.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    data: { type: 'string' },
    out: { type: 'string' },
    epochs: { type: 'string', default: '6' },
    'batch-size': { type: 'string', default: '32' },
    'max-length': { type: 'string', default: '256' },
    'vocab-size': { type: 'string', default: '12000' },
    'min-count': { type: 'string', default: '2' },
    // Count the vocabulary over the tokens the model reads (each text's first --max-length).
    'vocab-from-read': { type: 'boolean', default: false },
    'd-model': { type: 'string', default: '64' },
    heads: { type: 'string', default: '4' },
    layers: { type: 'string', default: '1' },
    ffn: { type: 'string', default: '128' },
    dropout: { type: 'string', default: '0.1' },
    lr: { type: 'string', default: '0.002' },
    'weight-decay': { type: 'string', default: '0.01' },
    // AdamW decays the embedding table too (by default it decays only non-embedding matrices).
    'decay-embeddings': { type: 'boolean', default: false },
    // Training only: each token id becomes <unk> with this probability (seeded per epoch).
    'token-dropout': { type: 'string', default: '0' },
    seed: { type: 'string', default: '0' },
    'max-steps': { type: 'string' },
    // Fraction of each class of the train split held out (seeded) to pick the best epoch.
    validation: { type: 'string', default: '0' },
    // random: a seeded stratified sample; latest: the highest-numbered posts of each class.
    holdout: { type: 'string', default: 'random' },
    pooling: { type: 'string', default: 'mean' },
    // Pre-norm encoder layers (with a final LayerNorm) instead of post-norm.
    'norm-first': { type: 'boolean', default: false },
    // With --norm-first: the final LayerNorm normalises the pooled vector, not every position.
    'norm-after-pooling': { type: 'boolean', default: false },
    // Multiply the embeddings by sqrt(d_model) before adding the sinusoidal positions.
    'scale-embeddings': { type: 'boolean', default: false },
    // With --norm-first: no final LayerNorm; the classifier reads the pooled residual stream.
    'no-final-norm': { type: 'boolean', default: false },
    // Epsilon of the final LayerNorm; with --norm-after-pooling a large one (about the pooled
    // vectors' variance) leaves weak evidence weak instead of normalising it up.
    'final-norm-eps': { type: 'string' },
    // Weight decay of the encoder layers' matrices (default --weight-decay): a strong one keeps
    // the residual branches from memorising what the decayed embeddings forget.
    'branch-decay': { type: 'string' },
    // Stochastic depth: each training example skips each encoder branch with this probability.
    'drop-path': { type: 'string', default: '0' },
    // With --norm-first: LayerScale, learned per-channel scales on the residual branches,
    // starting at this value and weight-decayed like the matrices.
    'layer-scale': { type: 'string' },
    // Store the weights as float16 (half the bytes; loaded back as float32).
    float16: { type: 'boolean', default: false },
    // Recipe search: score the validation split only, never look at the test split.
    'skip-test': { type: 'boolean', default: false },
    // With --validation: write the folder at every epoch that improves validation accuracy.
    'save-best': { type: 'boolean', default: false },
    // Data-parallel threads, this one included (1: the shipped models' single-thread runs).
    threads: { type: 'string', default: '1' },
    // 20 Newsgroups: scikit-learn-style cleaners to apply, e.g. --remove headers,footers,quotes
    remove: { type: 'string', default: '' },
    help: { type: 'boolean', short: 'h' },
  },
});
const which = positionals[0] ?? 'bbc';
if (values.help || !DATASETS[which]) {
  console.log(
    [
      'usage: node apps/news-classifier/scripts/train.mjs bbc|20news|agnews [options]',
      '  --data PATH          the archive (default ../shared/data/<dataset file>)',
      '  --out DIR            model folder (default apps/news-classifier/public/models/<dataset>)',
      '  --epochs --batch-size --max-length --vocab-size --min-count --d-model --heads --layers',
      '  --ffn --dropout --token-dropout --lr --weight-decay --seed --max-steps',
      '  --decay-embeddings   AdamW decays the embedding table too',
      "  --vocab-from-read    count the vocabulary over each text's first --max-length tokens only",
      '  --pooling mean|max|first|tfidf  --norm-first  --norm-after-pooling  --scale-embeddings',
      '  --no-final-norm      (with --norm-first) no final LayerNorm: the pooled vector keeps its size',
      '  --drop-path P        stochastic depth: an example skips an encoder branch with probability P',
      '  --final-norm-eps E   epsilon of the final LayerNorm [1e-5]; large: a soft norm',
      "  --branch-decay D     weight decay of the encoder layers' matrices [--weight-decay]",
      '  --layer-scale G      (with --norm-first) branch scales from G, decayed: branches earn their place',
      '  --validation F       stratified from train; best epoch kept',
      '  --holdout random|latest|threads  which F of each class: seeded sample, the highest-numbered,',
      '                        or whole threads, the latest-started (20news; closest to its test split)',
      '  --skip-test          recipe search: do not score the test split',
      '  --float16            store the weights as float16 (half the size)',
      '  --save-best          write the folder at each epoch that improves validation accuracy',
      '  --remove headers,footers,quotes   (20news) scikit-learn cleaners',
      "See apps/news-classifier/README.md for the defaults and the shipped models' commands.",
    ].join('\n'),
  );
  process.exit(values.help ? 0 : 2);
}
const ds = DATASETS[which];
const commandArgs = process.argv
  .slice(2)
  .filter((a, i, all) => a !== '--out' && all[i - 1] !== '--out' && !a.startsWith('--out='));
const num = (k) => Number(values[k]);
const s = {
  dataset: which,
  epochs: num('epochs'),
  batchSize: num('batch-size'),
  threads: num('threads'),
  maxLength: num('max-length'),
  vocabSize: num('vocab-size'),
  minCount: num('min-count'),
  vocabFromRead: values['vocab-from-read'],
  dModel: num('d-model'),
  numHeads: num('heads'),
  numLayers: num('layers'),
  dimFeedforward: num('ffn'),
  dropout: num('dropout'),
  lr: num('lr'),
  weightDecay: num('weight-decay'),
  decayEmbeddings: values['decay-embeddings'],
  tokenDropout: num('token-dropout'),
  seed: num('seed'),
  validation: num('validation'),
  holdout: values.holdout,
  pooling: values.pooling,
  normFirst: values['norm-first'],
  normAfterPooling: values['norm-after-pooling'],
  scaleEmbeddings: values['scale-embeddings'],
  finalNorm: !values['no-final-norm'],
  finalNormEps: values['final-norm-eps'] === undefined ? undefined : num('final-norm-eps'),
  branchDecay: values['branch-decay'] === undefined ? undefined : num('branch-decay'),
  dropPath: num('drop-path'),
  layerScale: values['layer-scale'] === undefined ? undefined : num('layer-scale'),
  float16: values.float16,
  remove: values.remove ? values.remove.split(',') : [],
};
const dataPath = resolve(values.data ?? join(root, '..', 'shared', 'data', ds.file));
const out = resolve(values.out ?? join(here, '..', 'public', 'models', which));
if (!['mean', 'max', 'first', 'tfidf'].includes(s.pooling))
  throw new Error(`--pooling ${s.pooling}?`);
if (!(s.validation >= 0 && s.validation < 1)) throw new Error('--validation is in [0, 1)');
if (s.finalNormEps !== undefined && !(s.finalNormEps > 0))
  throw new Error(`--final-norm-eps must be a number > 0, got ${values['final-norm-eps']}`);
if (s.branchDecay !== undefined && !(s.branchDecay >= 0))
  throw new Error(`--branch-decay must be a number >= 0, got ${values['branch-decay']}`);
const started = Date.now();
const log = (line) => console.log(`[${((Date.now() - started) / 1000).toFixed(0)}s] ${line}`);

await initWasm();
const { kernels: _k, ...wasm } = await wasmInfo();
log(`backend ${JSON.stringify(wasm)}`);
log(`reading ${ds.name} from ${dataPath}`);
const loaded = await ds.load(dataPath, s.seed, s.remove);
const { test, split } = loaded;
const validationSplit = {
  random: `${s.validation} of each class of the train split, seed ${s.seed}`,
  latest: `the highest-numbered ${s.validation} of each class of the train split`,
  threads: `the latest-started threads of each class of the train split, ${s.validation} of its posts`,
}[s.holdout];
const { train, validation } = holdOut(loaded.train, s.validation, s.seed, { by: s.holdout });
const numClasses = Math.max(...train.map((e) => e.label)) + 1;
const labels =
  ds.labels ??
  Array.from({ length: numClasses }, (_, i) => train.find((e) => e.label === i)?.group ?? `${i}`);
// The vocabulary comes from the train split only (validation and test text never counted).
const tokenizer = WordLevelTokenizer.train(
  train.map((e) => e.text),
  {
    ...TOKENIZER_OPTIONS,
    vocabSize: s.vocabSize,
    minCount: s.minCount,
    ...(s.vocabFromRead ? { maxTokens: s.maxLength } : {}),
  },
);
log(
  `${train.length} train / ${validation.length} validation / ${test.length} test; ` +
    `vocabulary ${tokenizer.getVocabSize()}; ${split}`,
);

const vocabSize = tokenizer.getVocabSize();
// At most maxLength ids; an empty text reads as one <unk>.
const encode = (ex) => ({ ids: encodeIds(tokenizer, ex.text, s.maxLength), label: ex.label });
const trainSet = train.map(encode);
const trainSeqs = trainSet.map((e) => e.ids);
const testSet = values['skip-test'] ? [] : test.map(encode);

// One epoch: shuffled with its seed, sorted by length within buckets of 20 batches, batches
// shuffled (seed + 1); --token-dropout replaces ids by <unk> (seed + 2), batch by batch.
function epochBatches({ seed }) {
  const random = createRandom(seed + 2);
  return paddedBatches(trainSet, {
    batchSize: s.batchSize,
    seed,
    bucketSize: s.batchSize * 20,
    ...(s.tokenDropout > 0
      ? { mapIds: (q) => q.map((id) => (random.nextFloat() < s.tokenDropout ? UNK_ID : id)) }
      : {}),
  });
}
// Evaluation batches of 64, sorted by length; `labels` in that order.
function evalBatches(set) {
  const batches = [...paddedBatches(set, { batchSize: 64, bucketSize: Number.POSITIVE_INFINITY })];
  return { batches, labels: batches.flatMap((b) => [...b.labels]) };
}
const valSet = evalBatches(validation.map(encode));

const options = {
  vocabSize,
  maxLength: s.maxLength,
  dModel: s.dModel,
  numHeads: s.numHeads,
  numLayers: s.numLayers,
  numClasses,
  dimFeedforward: s.dimFeedforward,
  dropout: s.dropout,
  pooling: s.pooling,
  normFirst: s.normFirst,
  ...(s.normAfterPooling ? { normAfterPooling: true } : {}),
  ...(s.scaleEmbeddings ? { scaleEmbeddings: true } : {}),
  ...(s.finalNorm ? {} : { finalNorm: false }),
  ...(s.finalNormEps !== undefined ? { finalNormEps: s.finalNormEps } : {}),
  ...(s.layerScale !== undefined ? { layerScale: s.layerScale } : {}),
  ...(s.dropPath > 0 ? { dropPath: s.dropPath } : {}),
  paddingIdx: 0,
  seed: s.seed,
};
const model = new TransformerClassifier(options);
// --pooling tfidf: document frequencies of the (truncated) train texts, as the model reads them.
model.tfidf?.setIdf(inverseDocumentFrequency(trainSeqs, vocabSize));
const parameters = model.numParameters();
log(`model: ${JSON.stringify(options)}; ${parameters.toLocaleString('en-US')} parameters`);

// Writes the model folder: weights, config, tokenizer and info.json (labels, recipe, scores).
function writeFolder({ scores, history, bestEpoch, steps, wallSeconds }) {
  mkdirSync(out, { recursive: true });
  const saved = saveModel(model, { float16: s.float16 });
  writeFileSync(join(out, 'model.safetensors'), saved.weights);
  writeFileSync(join(out, 'model.json'), `${JSON.stringify(saved.config, null, 2)}\n`);
  writeFileSync(join(out, 'tokenizer.json'), JSON.stringify(tokenizerToJson(tokenizer)));
  const info = {
    id: which,
    name: ds.name,
    labels,
    maxLength: s.maxLength,
    architecture: {
      type: 'TransformerClassifier',
      layers: s.numLayers,
      heads: s.numHeads,
      dModel: s.dModel,
      dimFeedforward: s.dimFeedforward,
      pooling: s.pooling,
      normFirst: s.normFirst,
      normAfterPooling: s.normAfterPooling,
      scaleEmbeddings: s.scaleEmbeddings,
      ...(s.finalNorm ? {} : { finalNorm: false }),
      ...(s.finalNormEps !== undefined ? { finalNormEps: s.finalNormEps } : {}),
      ...(s.layerScale !== undefined ? { layerScale: s.layerScale } : {}),
    },
    parameters,
    vocabularySize: vocabSize,
    scores,
    training: {
      // The output folder does not change the model, so it is left out of the recorded command.
      command: `node apps/news-classifier/scripts/train.mjs ${commandArgs.join(' ')}`.trim(),
      recipe: s,
      trainExamples: train.length,
      validationExamples: validation.length,
      bestEpoch: bestEpoch + 1,
      steps,
      history,
      wallSeconds,
      backend: wasm,
      createdAt: new Date().toISOString(),
    },
  };
  writeFileSync(join(out, 'info.json'), `${JSON.stringify(info, null, 2)}\n`);
}

// --threads N: N - 1 worker threads compute the gradients of their share of every batch.
const parallel =
  s.threads > 1
    ? await DataParallel.start({
        module: new URL('./replica.mjs', import.meta.url),
        options: { modelOptions: options },
        replicas: s.threads,
      })
    : undefined;
const forward = forwardWith(s.threads > 1);
const stepsPerEpoch = Math.ceil(trainSet.length / s.batchSize);
const totalSteps = s.epochs * stepsPerEpoch;
// AdamW's default rule skips vectors; LayerScale's vectors are decayed (the point of them here).
const defaultRule = defaultDecayFilter({ decayEmbeddings: s.decayEmbeddings });
// --branch-decay: the encoder layers' (residual branches') parameters get their own decay.
const decayRule = (name, param) => {
  const decayed = defaultRule(name, param) || /layer_scale/.test(name);
  const branch = s.branchDecay !== undefined && name.startsWith('encoder.layers.');
  return decayed && branch ? s.branchDecay : decayed;
};
const trainer = new Trainer({
  model,
  forward,
  optimizer: new AdamW({
    lr: s.lr,
    weightDecay: s.weightDecay,
    decayEmbeddings: s.decayEmbeddings,
    decayFilter: decayRule,
  }),
  schedule: new LinearWarmupDecay({
    lr: s.lr,
    warmupSteps: Math.round(0.05 * totalSteps),
    totalSteps,
    minLr: s.lr * 0.05,
  }),
  maxGradNorm: 5,
  seed: s.seed,
  stepsPerEpoch,
  metrics: () => [new Accuracy()],
  parallel,
  // With a validation split: keep the weights of the epoch with the best validation accuracy.
  callbacks: validation.length
    ? [new EarlyStopping({ monitor: 'val_accuracy', patience: s.epochs, restoreBest: true })]
    : [],
});
const every = Math.max(1, Math.floor(stepsPerEpoch / 5));
trainer.on('step', (e) => {
  if (e.stepInEpoch % every === 0)
    log(
      `epoch ${e.epoch + 1} step ${e.stepInEpoch}/${e.stepsPerEpoch} loss ${e.loss.toFixed(4)} ` +
        `acc ${e.metrics.accuracy?.toFixed(4)}`,
    );
});
let bestSoFar = Number.NEGATIVE_INFINITY;
const epochLogs = [];
trainer.on('epoch', (e) => {
  epochLogs.push(e.logs);
  const l = e.logs;
  const val = validation.length
    ? ` val loss ${l.val_loss?.toFixed(4)} val accuracy ${l.val_accuracy?.toFixed(4)}`
    : '';
  log(
    `epoch ${e.epoch + 1}/${e.epochs}: loss ${l.loss?.toFixed(4)} accuracy ${l.accuracy?.toFixed(4)}` +
      `${val} (${formatDuration(e.elapsedSeconds)})`,
  );
  // --save-best: the folder always holds the best epoch so far (validation only, no test score),
  // so a run cut short still leaves a usable model.
  if (values['save-best'] && validation.length && l.val_accuracy > bestSoFar) {
    bestSoFar = l.val_accuracy;
    writeFolder({
      scores: {
        validation: {
          split: validationSplit,
          epoch: e.epoch + 1,
          examples: validation.length,
          accuracy: l.val_accuracy,
        },
      },
      history: epochLogs,
      bestEpoch: e.epoch,
      steps: e.step,
      wallSeconds: Math.round(e.elapsedSeconds),
    });
    log(`saved epoch ${e.epoch + 1} (best validation accuracy so far) to ${out}`);
  }
});
const result = await trainer.fit(epochBatches, {
  epochs: s.epochs,
  ...(values['max-steps'] ? { maxSteps: Number(values['max-steps']) } : {}),
  ...(validation.length ? { validation: valSet.batches } : {}),
});
await parallel?.close();
// The epoch whose weights are kept: the best validation accuracy (EarlyStopping restored it),
// else the last one (a --max-steps run that stopped mid-epoch keeps its last weights).
const hist = result.history;
const bestEpoch =
  validation.length && result.stopReason !== 'max-steps' && hist.length
    ? hist.reduce((b, h, i) => (h.val_accuracy > hist[b].val_accuracy ? i : b), 0)
    : hist.length - 1;
if (hist.length && validation.length)
  log(`keeping the weights of epoch ${bestEpoch + 1} (${result.stopReason})`);
const trainSeconds = (Date.now() - started) / 1000;
model.eval();
// Accuracy and per-class accuracy of the model on a set of evaluation batches.
async function score(set) {
  const pred = await trainer.predict(set.batches);
  let correct = 0;
  const perClass = labels.map(() => ({ n: 0, correct: 0 }));
  for (let r = 0; r < pred.rows; r++) {
    const y = set.labels[r];
    perClass[y].n++;
    if (pred.predictions[r] === y) {
      correct++;
      perClass[y].correct++;
    }
  }
  return {
    examples: pred.rows,
    correct,
    accuracy: correct / pred.rows,
    perClassAccuracy: Object.fromEntries(
      labels.map((l, i) => [l, perClass[i].n ? perClass[i].correct / perClass[i].n : null]),
    ),
  };
}
const scores = {};
if (validation.length) {
  const { correct, ...v } = await score(valSet);
  scores.validation = {
    split: validationSplit,
    epoch: bestEpoch + 1,
    ...v,
  };
  log(`validation accuracy ${v.accuracy.toFixed(4)} (${correct}/${v.examples})`);
}
if (!values['skip-test']) {
  // Scored once, on the final (best-validation) weights.
  const { correct, ...t } = await score(evalBatches(testSet));
  scores.test = { split, ...t };
  log(`test accuracy ${t.accuracy.toFixed(4)} (${correct}/${t.examples})`);
}

writeFolder({
  scores,
  history: result.history,
  bestEpoch,
  steps: result.step,
  wallSeconds: Math.round(trainSeconds),
});
log(`wrote ${out} in ${formatDuration((Date.now() - started) / 1000)}`);
