// The benchmark configurations of issue 9. Shapes are the course's: an IMDB LSTM and a news
// Transformer encoder (2 layers, and the course's 6).
import { collate } from '@tfnlp/datasets';

/**
 * An IMDB-shaped LSTM classifier: Embedding(vocab, embed) -> (Bi)LSTM(hidden) -> Dense(classes).
 * @typedef {object} LstmConfig
 * @property {'lstm'} kind
 * @property {number} vocab
 * @property {number} embed
 * @property {number} hidden
 * @property {number} time
 * @property {number} batch
 * @property {number} classes
 * @property {boolean} bidirectional
 */
/**
 * A news-shaped Transformer encoder classifier.
 * @typedef {object} TransformerConfig
 * @property {'transformer'} kind
 * @property {number} vocab
 * @property {number} dModel
 * @property {number} heads
 * @property {number} ffn
 * @property {number} layers
 * @property {number} time
 * @property {number} batch
 * @property {number} classes
 * @property {import('@tfnlp/layers').TransformerClassifierOptions['activation']} [activation]
 */
/** @typedef {LstmConfig | TransformerConfig} BenchConfig */

/** @type {Record<string, BenchConfig>} */
export const configs = {
  'lstm-imdb': {
    kind: 'lstm',
    vocab: 20_000,
    embed: 128,
    hidden: 128,
    time: 256,
    batch: 64,
    classes: 2,
    bidirectional: false,
  },
  'bilstm-imdb': {
    kind: 'lstm',
    vocab: 20_000,
    embed: 128,
    hidden: 128,
    time: 256,
    batch: 64,
    classes: 2,
    bidirectional: true,
  },
  'transformer-news-2l': {
    kind: 'transformer',
    vocab: 20_000,
    dModel: 128,
    heads: 4,
    ffn: 512,
    layers: 2,
    time: 256,
    batch: 32,
    classes: 4,
  },
  // The same with GELU feed-forward activations (exercises the fused GELU kernels).
  'transformer-news-2l-gelu': {
    kind: 'transformer',
    vocab: 20_000,
    dModel: 128,
    heads: 4,
    ffn: 512,
    layers: 2,
    time: 256,
    batch: 32,
    classes: 4,
    activation: 'gelu',
  },
  'transformer-news-6l': {
    kind: 'transformer',
    vocab: 20_000,
    dModel: 128,
    heads: 4,
    ffn: 512,
    layers: 6,
    time: 256,
    batch: 32,
    classes: 4,
  },
};

/**
 * Deterministic token ids and labels, the same for every runner, as @tfnlp/datasets'
 * PaddedBatch: ids [batch, time] row-major (every row full), labels [batch], batchSize.
 * @param {BenchConfig} config
 */
export function makeBatch(config) {
  const rows = Array.from({ length: config.batch }, (_, r) => ({
    ids: Int32Array.from(
      { length: config.time },
      (_, t) => 1 + (((r * config.time + t) * 7919) % (config.vocab - 1)),
    ),
    label: r % config.classes,
  }));
  return collate(rows, { maxLength: config.time, padTo: 'max' });
}

/** The fused LayerNorm / GELU / cross-entropy kernels of @tfnlp/backend-wasm (for A/B runs). */
export const POINTWISE_KERNELS = [
  'TfnlpLayerNorm',
  'TfnlpLayerNormGrad',
  'TfnlpGelu',
  'TfnlpGeluGrad',
  'TfnlpSoftmaxCrossEntropy',
  'TfnlpSoftmaxCrossEntropyGrad',
];
