/**
 * A shipped news model: its files, loading, and one classification with the attention of every
 * layer and head. Browser-safe (no node:*): the page and the Node tests share it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { loadModel, type TransformerClassifier } from '@tfnlp/layers';
import {
  encodeFirst,
  encodeFirstIds,
  type Tokenizer,
  tokenizerFromString,
  WordLevel,
  type WordLevelOptions,
} from '@tfnlp/tokenizers';

export const MODEL_FILES = ['info.json', 'model.json', 'model.safetensors', 'tokenizer.json'];
/** `<unk>`: unknown words, and the one token an empty text is read as (`<pad>` is 0). */
export const UNK_ID = 1;
/**
 * How the news models cut text (@tfnlp/tokenizers' word-level preset with its defaults,
 * stored in tokenizer.json): lowercase; words (letters, digits, marks of any script, with an
 * optional apostrophe part: "don't") and each other non-space character on its own.
 */
export const TOKENIZER_OPTIONS: WordLevelOptions = {};

/** A token the model read, with UTF-16 offsets into the text. */
export interface Token {
  /** The vocabulary entry the model read (`<unk>` for an unknown word). */
  text: string;
  start: number;
  end: number;
}

/** text -> at most `maxLength` ids; an empty text reads as one `<unk>`. */
export function encodeIds(tokenizer: Tokenizer, text: string, maxLength: number): Int32Array {
  const { ids } = encodeFirstIds(tokenizer, text, maxLength);
  return ids.length ? Int32Array.from(ids) : Int32Array.of(UNK_ID);
}

/** A news tokenizer from its tokenizer.json text (a WordLevel model). */
export function newsTokenizer(json: string): Tokenizer {
  let tok: Tokenizer;
  try {
    tok = tokenizerFromString(json);
  } catch (e) {
    throw new Error(
      `not a news tokenizer file (a WordLevel tokenizer.json): ${(e as Error).message}`,
    );
  }
  if (!(tok.model instanceof WordLevel)) {
    throw new Error(
      `not a news tokenizer file (a WordLevel tokenizer.json): model is ${tok.model.type}`,
    );
  }
  return tok;
}

/** info.json, written by the training pipeline (scripts/train.mjs or the Train tab). */
export interface ModelInfo {
  id: string;
  name: string;
  labels: string[];
  maxLength: number;
  architecture: {
    type: string;
    layers: number;
    heads: number;
    dModel: number;
    dimFeedforward: number;
    pooling: string;
    normFirst?: boolean;
    /** false: a pre-norm encoder without its final LayerNorm. */
    finalNorm?: boolean;
    /** The final LayerNorm normalises the pooled vector instead of every position. */
    normAfterPooling?: boolean;
    /** Epsilon of the final LayerNorm when not the default 1e-5 (a soft norm). */
    finalNormEps?: number;
  };
  parameters: number;
  vocabularySize: number;
  scores: {
    /** The dataset's test split (absent in models trained in the browser or with --skip-test). */
    test?: { split: string; examples: number; accuracy: number };
    /** Held out of the train split (absent in models trained without it). */
    validation?: { split: string; examples: number; accuracy: number; epoch: number };
  };
  training: { command: string; wallSeconds: number; [key: string]: unknown };
  /** Set on a model trained in the Train tab (its only score is `scores.validation`). */
  trainedInBrowser?: boolean;
}

/** The info table's score rows: validation (with its split and kept epoch), then test, if present. */
export function scoreRows(info: ModelInfo): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  const { validation: v, test: t } = info.scores;
  const pct = (a: number) => `${(a * 100).toFixed(2)} %`;
  if (v) {
    rows.push([
      'Validation accuracy',
      `${pct(v.accuracy)} (${v.examples} examples, ${v.split}; epoch ${v.epoch} kept)`,
    ]);
  }
  if (t) rows.push(['Test accuracy', `${pct(t.accuracy)} (${t.examples} examples, ${t.split})`]);
  return rows;
}

export interface NewsModel {
  info: ModelInfo;
  tokenizer: Tokenizer;
  model: TransformerClassifier;
}

/** Reads a model folder through `read(file)` (fetch in the page, readFile in Node). */
export async function loadNewsModel(
  read: (file: string) => Promise<{ text(): Promise<string>; bytes(): Promise<Uint8Array> }>,
): Promise<NewsModel> {
  const [info, config, weights, tokenizer] = await Promise.all([
    read('info.json').then(async (r) => JSON.parse(await r.text()) as ModelInfo),
    read('model.json').then(async (r) => JSON.parse(await r.text())),
    read('model.safetensors').then((r) => r.bytes()),
    read('tokenizer.json').then(async (r) => newsTokenizer(await r.text())),
  ]);
  const model = loadModel(weights, config) as TransformerClassifier;
  model.eval();
  return { info, tokenizer, model };
}

export interface Classification {
  /** Softmax over the labels (sums to 1). */
  probabilities: number[];
  top: number;
  /** The tokens the model read (at most info.maxLength), with offsets into the text. */
  tokens: Token[];
  /** True when the text had more tokens than the model reads. */
  truncated: boolean;
  /** attention[layer][head][query][key], rows sum to 1; empty when the text has no tokens. */
  attention: Float32Array[][];
  /**
   * TF-IDF pooling models: each token's share of the pooled vector the classifier reads
   * (sums to 1); undefined for the other poolings.
   */
  pooling?: Float32Array;
}

/**
 * Classifies `text` with `model.forward` (eval mode), asking for each layer's per-head
 * attention weights too (`outputAttentions`). An empty text reads as one `<unk>`.
 */
export function classify(m: NewsModel, text: string): Classification {
  const maxLength = m.info.maxLength;
  // Only the text the first maxLength tokens need is read (a 1 MB paste stays fast).
  const { encoding, truncated } = encodeFirst(m.tokenizer, text, maxLength);
  const tokens: Token[] = encoding.tokens.map((t, i) => ({
    text: t,
    start: encoding.offsets[i]![0],
    end: encoding.offsets[i]![1],
  }));
  const ids = tokens.length === 0 ? Int32Array.of(UNK_ID) : Int32Array.from(encoding.ids);
  const T = ids.length;
  const attentionTensors: tf.Tensor[] = [];
  let poolingWeights: Float32Array | undefined;
  const probsT = tf.tidy(() => {
    const model = m.model;
    const idsT = tf.tensor2d(ids, [1, T], 'int32');
    const { logits, attentions } = model.forward(idsT, undefined, { outputAttentions: true });
    for (const a of attentions) attentionTensors.push(tf.keep(a)); // [1, heads, T, T]
    if (model.tfidf) {
      const w = model.tfidf.weights(idsT); // [1, T]
      poolingWeights = Float32Array.from(tf.div(w, tf.sum(w)).dataSync());
    }
    return tf.softmax(logits);
  });
  const probabilities = Array.from(probsT.dataSync());
  probsT.dispose();
  const attention = attentionTensors.map((w) => {
    const data = w.dataSync() as Float32Array;
    const H = w.shape[1]!;
    w.dispose();
    return Array.from({ length: H }, (_, head) => data.slice(head * T * T, (head + 1) * T * T));
  });
  let top = 0;
  probabilities.forEach((p, i) => {
    if (p > probabilities[top]!) top = i;
  });
  return {
    probabilities,
    top,
    tokens,
    truncated,
    attention: tokens.length ? attention : [],
    ...(poolingWeights && tokens.length ? { pooling: poolingWeights } : {}),
  };
}

/** Each token's TF-IDF pooling weight scaled so the largest is 1 (zeros without TF-IDF pooling). */
export function poolingScores(c: Classification): Float32Array {
  const scores = new Float32Array(c.tokens.length);
  if (!c.pooling) return scores;
  scores.set(c.pooling.subarray(0, scores.length));
  const max = scores.reduce((a, v) => Math.max(a, v), 0);
  if (max > 0) for (let k = 0; k < scores.length; k++) scores[k]! /= max;
  return scores;
}

/**
 * Attention each token receives, averaged over the queries: one number per token, for a layer
 * and a head (`head` = 'mean' averages the heads). Scaled so the largest is 1.
 */
export function tokenScores(c: Classification, layer: number, head: number | 'mean'): Float32Array {
  const T = c.tokens.length;
  const scores = new Float32Array(T);
  const heads = c.attention[layer];
  if (!heads || T === 0) return scores;
  const chosen = head === 'mean' ? heads : [heads[head]!];
  for (const w of chosen) {
    for (let q = 0; q < T; q++) for (let k = 0; k < T; k++) scores[k]! += w[q * T + k]!;
  }
  let max = 0;
  for (const s of scores) max = Math.max(max, s);
  if (max > 0) for (let k = 0; k < T; k++) scores[k]! /= max;
  return scores;
}
