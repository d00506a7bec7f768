/**
 * Model wiring: the architectures `train --arch` offers (all built from @tfnlp/layers), and
 * the model folder (weights, config, tokenizer, training record) that `predict`, `eval` and
 * `info` read.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { writeFileAtomic } from '@tfnlp/core/node';
import { batchOrder, collate } from '@tfnlp/datasets';
import {
  BagClassifier,
  loadModel,
  type Module,
  RNNClassifier,
  TransformerClassifier,
} from '@tfnlp/layers';
import {
  encodeFirstIds,
  type Tokenizer,
  tokenizerFromString,
  WORDS_ONLY,
  type WordLevelOptions,
} from '@tfnlp/tokenizers';
import type { Arch } from './archs.js';
import { InputError, messageOf } from './errors.js';
import { readFileBounded } from './io/bounded_read.js';

export const LABELS = ['negative', 'positive'] as const;
export const WEIGHTS_FILE = 'model.safetensors';
export const CONFIG_FILE = 'model.json';
export const RECORD_FILE = 'training.json';
export const TOKENIZER_FILE = 'tokenizer.json';
/** `<unk>`: the one token a review without any known word is read as. */
export const UNK_ID = 1;

/**
 * How the IMDB models cut reviews (@tfnlp/tokenizers' word-level preset, saved in
 * tokenizer.json): `<br />` -> space, lowercase, runs of letters/digits with inner
 * apostrophes, punctuation dropped; with `ngrams: 2` each pair of adjacent words too.
 */
export function tokenizerOptions(ngrams: 1 | 2): WordLevelOptions {
  return { cleanHtml: true, lowercase: true, pattern: WORDS_ONLY, unmatched: 'drop', ngrams };
}

/** 2 when the tokenizer adds word bigrams, else 1. */
export function ngramsOf(tokenizer: Tokenizer): 1 | 2 {
  return JSON.stringify(tokenizer.preTokenizer?.toJSON() ?? null).includes('"WordNGrams"') ? 2 : 1;
}

/**
 * text -> ids, at most `maxLength` of them (unknown words -> `<unk>`). Only a prefix of the text
 * is tokenized (encodeFirstIds), so a 50 MB review costs what its first `maxLength` tokens cost.
 */
export function encodeText(tokenizer: Tokenizer, text: string, maxLength: number): Int32Array {
  return Int32Array.from(encodeFirstIds(tokenizer, text, maxLength).ids);
}

/** What every classifier offers: ids [B, T] and mask [B, T] -> logits [B, 2]. */
export interface Classifier extends Module {
  forward(ids: tf.Tensor2D, mask?: tf.Tensor): tf.Tensor2D;
}

export { ARCHS, type Arch } from './archs.js';

export interface ArchOptions {
  vocabSize: number;
  embeddingDim: number;
  hiddenSize: number;
  dropout: number;
  maxLength: number;
  seed: number;
}

export function buildClassifier(arch: Arch, o: ArchOptions): Classifier {
  const numClasses = LABELS.length;
  switch (arch) {
    case 'bag':
      return new BagClassifier({
        vocabSize: o.vocabSize,
        embeddingDim: o.embeddingDim,
        numClasses,
        dropout: o.dropout,
        seed: o.seed,
      });
    case 'lstm':
    case 'bilstm':
    case 'gru':
    case 'bigru':
      return new RNNClassifier({
        vocabSize: o.vocabSize,
        embeddingDim: o.embeddingDim,
        hiddenSize: o.hiddenSize,
        numClasses,
        cell: arch.endsWith('lstm') ? 'lstm' : 'gru',
        bidirectional: arch.startsWith('bi'),
        pooling: 'max',
        dropout: o.dropout,
        paddingIdx: 0,
        seed: o.seed,
      });
    case 'transformer':
      return new TransformerClassifier({
        vocabSize: o.vocabSize,
        maxLength: o.maxLength,
        dModel: o.embeddingDim,
        numHeads: 4,
        numLayers: 2,
        numClasses,
        dimFeedforward: 2 * o.embeddingDim,
        dropout: o.dropout,
        pooling: 'mean',
        paddingIdx: 0,
        seed: o.seed,
      });
  }
}

/** How the model was made and how it scored; `training.json` in the model folder. */
export interface TrainingRecord {
  arch: Arch;
  labels: string[];
  maxLength: number;
  recipe: Record<string, string | number | boolean | null>;
  command?: string;
  parameters?: number;
  vocabularySize?: number;
  history?: Array<Record<string, number>>;
  bestEpoch?: number;
  validation?: Record<string, number>;
  test?: Record<string, unknown>;
  wallSeconds?: number;
  createdAt?: string;
}

export interface LoadedModel {
  dir: string;
  model: Classifier;
  tokenizer: Tokenizer;
  record: TrainingRecord;
  /** Sizes of the model files in bytes. */
  bytes: number;
}

function readIn(dir: string, file: string): Buffer {
  const path = join(dir, file);
  if (!existsSync(path)) {
    throw new InputError(
      `no model in ${dir}: ${file} is missing. Train one with 'tfnlp-sentiment train --out ${dir}', or leave out --model to use the shipped one.`,
    );
  }
  // Bounded: a crafted multi-gigabyte file is an error, not an abort.
  return readFileBounded(path, 2 ** 30, path, 'not a model file of this app');
}

export function loadModelDir(dir: string): LoadedModel {
  if (!existsSync(dir)) throw new InputError(`model folder ${dir} does not exist.`);
  const weights = readIn(dir, WEIGHTS_FILE);
  const configText = readIn(dir, CONFIG_FILE).toString('utf8');
  const tokenizerText = readIn(dir, TOKENIZER_FILE).toString('utf8');
  const recordText = readIn(dir, RECORD_FILE).toString('utf8');
  let record: TrainingRecord;
  try {
    record = JSON.parse(recordText);
  } catch (e) {
    throw new InputError(`${join(dir, RECORD_FILE)} is not valid JSON (${messageOf(e)}).`);
  }
  if (!Number.isInteger(record?.maxLength) || !Array.isArray(record.labels)) {
    throw new InputError(`${join(dir, RECORD_FILE)} lacks maxLength or labels.`);
  }
  let tokenizer: Tokenizer;
  try {
    tokenizer = tokenizerFromString(tokenizerText);
  } catch (e) {
    throw new InputError(`${join(dir, TOKENIZER_FILE)} is not a tokenizer.json: ${messageOf(e)}`);
  }
  let model: Classifier;
  try {
    model = loadModel(new Uint8Array(weights), JSON.parse(configText)) as Classifier;
  } catch (e) {
    throw new InputError(
      `${join(dir, WEIGHTS_FILE)} (or ${CONFIG_FILE}) is corrupted or does not match: ${messageOf(e)}`,
    );
  }
  model.eval();
  return {
    dir,
    model,
    tokenizer,
    record,
    bytes: weights.length + configText.length + tokenizerText.length + recordText.length,
  };
}

/** Rewrites the model's training.json (e.g. with test scores), atomically. */
export async function writeRecord(dir: string, record: TrainingRecord): Promise<void> {
  await writeFileAtomic(join(dir, RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

/** Softmax probabilities [n, classes] of the id sequences, batched; results in input order. */
export function classify(
  loaded: LoadedModel,
  idsList: Int32Array[],
  batchSize = 256,
): Float32Array {
  const C = LABELS.length;
  const out = new Float32Array(idsList.length * C);
  // Sorted by length so batches are padded little; a review with no known word reads as <unk>.
  const lengths = idsList.map((ids) => ids.length);
  for (const rows of batchOrder(lengths, { batchSize, bucketSize: Number.POSITIVE_INFINITY })) {
    const b = collate(
      rows.map((i) => ({ ids: idsList[i]!, label: 0 })),
      { emptyId: UNK_ID },
    );
    const probs = tf.tidy(() => {
      const idsT = tf.tensor2d(b.ids, [b.batchSize, b.seqLength], 'int32');
      const maskT = tf.tensor2d(b.attentionMask, [b.batchSize, b.seqLength], 'int32');
      return tf.softmax(loaded.model.forward(idsT, maskT));
    });
    const values = probs.dataSync() as Float32Array;
    probs.dispose();
    rows.forEach((i, r) => {
      for (let c = 0; c < C; c++) out[i * C + c] = values[r * C + c]!;
    });
  }
  return out;
}
