// The benchmark configurations of issue 9. Shapes are the course's: an IMDB LSTM and a news
// Transformer encoder (2 layers, and the course's 6).
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

/** Deterministic token ids and labels, the same for every runner. */
export function makeBatch(config) {
  const ids = new Int32Array(config.batch * config.time);
  for (let i = 0; i < ids.length; i++) ids[i] = 1 + ((i * 7919) % (config.vocab - 1));
  const labels = Int32Array.from({ length: config.batch }, (_, i) => i % config.classes);
  return { ids, labels };
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
