/**
 * The one training pipeline of the news classifier, shared by the Node command
 * (src/node/train_command.ts) and the page's Train tab worker (src/train/session.ts): tokenizer,
 * encoding, batches, model, Trainer and scoring, all from a `NewsRecipe`. Browser-safe: the
 * Node-only parts (files, datasets on disk, worker threads) stay in src/node/.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@tfnlp/core';
import { type PaddedBatch, paddedBatches } from '@tfnlp/datasets';
import {
  inverseDocumentFrequency,
  TransformerClassifier,
  type TransformerClassifierOptions,
} from '@tfnlp/layers';
import { type Tokenizer, WordLevelTokenizer } from '@tfnlp/tokenizers';
import {
  Accuracy,
  AdamW,
  type Callback,
  type DecayFilter,
  defaultDecayFilter,
  type GradientWorkers,
  LinearWarmupDecay,
  Trainer,
} from '@tfnlp/train';
import { encodeIds, type ModelInfo, TOKENIZER_OPTIONS, UNK_ID } from '../model.js';
import type { NewsRecipe } from './recipe.js';

/** One encoded example: at most maxLength token ids and its class. */
export interface EncodedExample {
  ids: Int32Array;
  label: number;
}

/** Evaluation batches and the labels of their rows, in batch order. */
export interface EvalSet {
  batches: PaddedBatch[];
  labels: number[];
}

/** The word-level tokenizer of a run; its vocabulary comes from the training texts only. */
export function trainTokenizer(texts: readonly string[], r: NewsRecipe): Tokenizer {
  return WordLevelTokenizer.train(texts, {
    ...TOKENIZER_OPTIONS,
    vocabSize: r.vocabSize,
    minCount: r.minCount,
    ...(r.vocabFromRead ? { maxTokens: r.maxLength } : {}),
  });
}

/** Encodes examples as the model reads them (at most maxLength ids; an empty text is one `<unk>`). */
export function encodeExamples(
  tokenizer: Tokenizer,
  examples: readonly { text: string; label: number }[],
  r: NewsRecipe,
): EncodedExample[] {
  return examples.map((e) => ({ ids: encodeIds(tokenizer, e.text, r.maxLength), label: e.label }));
}

/**
 * One epoch's batches: shuffled with the epoch's seed, sorted by length within buckets of 20
 * batches, batches shuffled (seed + 1); tokenDropout replaces ids by `<unk>` from an Rng seeded
 * seed + 2 (the stream the shipped models were trained with: datasets' former createRandom, whose
 * nextFloat was `random53()`).
 */
export function trainBatches(
  trainSet: readonly EncodedExample[],
  r: NewsRecipe,
): (ctx: { seed: number }) => Iterable<PaddedBatch> {
  return ({ seed }) => {
    const rng = new Rng(seed + 2);
    const p = r.tokenDropout;
    return paddedBatches(trainSet, {
      batchSize: r.batchSize,
      seed,
      bucketSize: r.batchSize * 20,
      ...(p > 0
        ? { mapIds: (q) => Array.from(q, (id) => (rng.random53() < p ? UNK_ID : id)) }
        : {}),
    });
  };
}

/** Evaluation batches of 64, sorted by length (little padding). */
export function evalBatches(set: readonly EncodedExample[]): EvalSet {
  const batches = [...paddedBatches(set, { batchSize: 64, bucketSize: Number.POSITIVE_INFINITY })];
  return { batches, labels: batches.flatMap((b) => [...b.labels]) };
}

/** The `TransformerClassifier` options of a recipe; optional ones only when not the default. */
export function modelOptions(
  r: NewsRecipe,
  vocabSize: number,
  numClasses: number,
): TransformerClassifierOptions {
  return {
    vocabSize,
    maxLength: r.maxLength,
    dModel: r.dModel,
    numHeads: r.numHeads,
    numLayers: r.numLayers,
    numClasses,
    dimFeedforward: r.dimFeedforward,
    dropout: r.dropout,
    pooling: r.pooling,
    ...(r.normFirst ? { normFirst: true } : {}),
    ...(r.normAfterPooling ? { normAfterPooling: true } : {}),
    ...(r.scaleEmbeddings ? { scaleEmbeddings: true } : {}),
    ...(r.finalNorm ? {} : { finalNorm: false }),
    ...(r.finalNormEps !== undefined ? { finalNormEps: r.finalNormEps } : {}),
    ...(r.layerScale !== undefined ? { layerScale: r.layerScale } : {}),
    ...(r.dropPath > 0 ? { dropPath: r.dropPath } : {}),
    paddingIdx: 0,
    seed: r.seed,
  };
}

/** A new model; TF-IDF pooling gets the document frequencies of the (truncated) train texts. */
export function createClassifier(
  options: TransformerClassifierOptions,
  trainSet: readonly EncodedExample[],
): TransformerClassifier {
  const model = new TransformerClassifier(options);
  model.tfidf?.setIdf(
    inverseDocumentFrequency(
      trainSet.map((e) => e.ids),
      options.vocabSize,
    ),
  );
  return model;
}

/** A padded batch (ids/attentionMask [batchSize, seqLength]) -> logits [batchSize, classes]. */
export function classifierForward(m: TransformerClassifier, batch: PaddedBatch): tf.Tensor {
  const shape: [number, number] = [batch.batchSize, batch.seqLength];
  const ids = tf.tensor2d(batch.ids, shape, 'int32');
  const mask = tf.tensor2d(batch.attentionMask, shape, 'int32');
  return m.forward(ids, mask);
}

/** AdamW's default rule (no vectors), LayerScale vectors decayed, branchDecay on the encoder layers. */
export function decayRule(r: NewsRecipe): DecayFilter {
  const base = defaultDecayFilter({ decayEmbeddings: r.decayEmbeddings });
  return (name, param) => {
    const decayed = base(name, param) || /layer_scale/.test(name);
    const branch = r.branchDecay !== undefined && name.startsWith('encoder.layers.');
    return decayed && branch ? (r.branchDecay as number) : decayed;
  };
}

/** What `createTrainer` needs besides the model and the recipe. */
export interface TrainerSetup {
  stepsPerEpoch: number;
  callbacks?: Callback[];
  /** Data-parallel gradient workers (the Node command's --threads). */
  parallel?: GradientWorkers<PaddedBatch>;
}

/**
 * The recipe's Trainer: AdamW, linear warmup (5 %) and decay to 5 % of lr, global-norm clip 5,
 * accuracy. The caller disposes `trainer.optimizer`.
 */
export function createTrainer(
  model: TransformerClassifier,
  r: NewsRecipe,
  setup: TrainerSetup,
): Trainer<TransformerClassifier, PaddedBatch> {
  const totalSteps = r.epochs * setup.stepsPerEpoch;
  return new Trainer<TransformerClassifier, PaddedBatch>({
    model,
    forward: classifierForward,
    optimizer: new AdamW({
      lr: r.lr,
      weightDecay: r.weightDecay,
      decayEmbeddings: r.decayEmbeddings,
      decayFilter: decayRule(r),
    }),
    schedule: new LinearWarmupDecay({
      lr: r.lr,
      warmupSteps: Math.round(0.05 * totalSteps),
      totalSteps,
      minLr: r.lr * 0.05,
    }),
    maxGradNorm: 5,
    seed: r.seed,
    stepsPerEpoch: setup.stepsPerEpoch,
    metrics: () => [new Accuracy()],
    ...(setup.parallel ? { parallel: setup.parallel } : {}),
    callbacks: setup.callbacks ?? [],
  });
}

/** Accuracy of a model on an evaluation set, overall and per class (null: no example). */
export interface Score {
  examples: number;
  correct: number;
  accuracy: number;
  perClassAccuracy: Record<string, number | null>;
}

/** Scores the trainer's model (eval mode) on `set`. */
export async function score(
  trainer: Trainer<TransformerClassifier, PaddedBatch>,
  set: EvalSet,
  labels: readonly string[],
): Promise<Score> {
  trainer.model.eval();
  const pred = await trainer.predict(set.batches);
  let correct = 0;
  const perClass = labels.map(() => ({ n: 0, correct: 0 }));
  for (let row = 0; row < pred.rows; row++) {
    const y = set.labels[row]!;
    const c = perClass[y]!;
    c.n++;
    if (pred.predictions[row] === y) {
      correct++;
      c.correct++;
    }
  }
  const perClassAccuracy: Record<string, number | null> = Object.create(null);
  labels.forEach((l, i) => {
    const c = perClass[i]!;
    perClassAccuracy[l] = c.n ? c.correct / c.n : null;
  });
  return { examples: pred.rows, correct, accuracy: correct / pred.rows, perClassAccuracy };
}

/** info.json's architecture block of a recipe. */
export function architectureInfo(r: NewsRecipe): ModelInfo['architecture'] {
  return {
    type: 'TransformerClassifier',
    layers: r.numLayers,
    heads: r.numHeads,
    dModel: r.dModel,
    dimFeedforward: r.dimFeedforward,
    pooling: r.pooling,
    ...(r.normFirst ? { normFirst: true } : {}),
    ...(r.normAfterPooling ? { normAfterPooling: true } : {}),
    ...(r.finalNorm ? {} : { finalNorm: false }),
    ...(r.finalNormEps !== undefined ? { finalNormEps: r.finalNormEps } : {}),
  };
}
