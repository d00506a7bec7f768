/**
 * Model wiring: the architectures `train --arch` offers (all built from @tfnlp/layers), and
 * the model folder (weights, config, tokenizer, training record) that `predict`, `eval` and
 * `info` read.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import {
  BagClassifier,
  loadModel,
  type Module,
  RNNClassifier,
  saveModel,
  TransformerClassifier,
} from '@tfnlp/layers';
import { InputError, messageOf } from './errors.js';
import { SentimentTokenizer, TOKENIZER_FILE } from './tokenizer.js';

export const LABELS = ['negative', 'positive'] as const;
export const WEIGHTS_FILE = 'model.safetensors';
export const CONFIG_FILE = 'model.json';
export const RECORD_FILE = 'training.json';

/** What every classifier offers: ids [B, T] and mask [B, T] -> logits [B, 2]. */
export interface Classifier extends Module {
  forward(ids: tf.Tensor2D, mask?: tf.Tensor): tf.Tensor2D;
}

export const ARCHS = ['bag', 'lstm', 'bilstm', 'gru', 'bigru', 'transformer'] as const;
export type Arch = (typeof ARCHS)[number];

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
  tokenizer: SentimentTokenizer;
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
  return readFileSync(path);
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
  const tokenizer = SentimentTokenizer.fromJSON(tokenizerText, join(dir, TOKENIZER_FILE));
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

function writeAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

export function saveModelDir(
  dir: string,
  model: Classifier,
  tokenizer: SentimentTokenizer | undefined,
  record: TrainingRecord,
): void {
  mkdirSync(dir, { recursive: true });
  const saved = saveModel(model);
  writeAtomic(join(dir, WEIGHTS_FILE), saved.weights);
  writeAtomic(join(dir, CONFIG_FILE), `${JSON.stringify(saved.config)}\n`);
  if (tokenizer) writeAtomic(join(dir, TOKENIZER_FILE), tokenizer.toJSON());
  writeRecord(dir, record);
}

export function writeRecord(dir: string, record: TrainingRecord): void {
  writeAtomic(join(dir, RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

/** Softmax probabilities [n, classes] of `texts`, batched; texts are cut to maxLength tokens. */
export function classify(
  loaded: LoadedModel,
  idsList: Int32Array[],
  batchSize = 256,
): Float32Array {
  const C = LABELS.length;
  const out = new Float32Array(idsList.length * C);
  // Sorted by length so batches are padded little; results go back to input order.
  const order = idsList.map((_, i) => i).sort((a, b) => idsList[a]!.length - idsList[b]!.length);
  for (let start = 0; start < order.length; start += batchSize) {
    const idx = order.slice(start, start + batchSize);
    const T = Math.max(1, ...idx.map((i) => idsList[i]!.length));
    const ids = new Int32Array(idx.length * T);
    const mask = new Int32Array(idx.length * T);
    idx.forEach((i, r) => {
      const seq = idsList[i]!;
      if (seq.length === 0) {
        // No known word at all: classify the single <unk> token rather than nothing.
        ids[r * T] = 1;
        mask[r * T] = 1;
        return;
      }
      ids.set(seq, r * T);
      mask.fill(1, r * T, r * T + seq.length);
    });
    const probs = tf.tidy(() => {
      const idsT = tf.tensor2d(ids, [idx.length, T], 'int32');
      const maskT = tf.tensor2d(mask, [idx.length, T], 'int32');
      return tf.softmax(loaded.model.forward(idsT, maskT));
    });
    const values = probs.dataSync() as Float32Array;
    probs.dispose();
    idx.forEach((i, r) => {
      for (let c = 0; c < C; c++) out[i * C + c] = values[r * C + c]!;
    });
  }
  return out;
}
