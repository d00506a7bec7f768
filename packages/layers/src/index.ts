/**
 * @tfnlp/layers: PyTorch-style layers on tfjs-core.
 *
 * Conventions (see README): batch-first tensors; weights in PyTorch layout and
 * state-dict names; masks are 1 = real token / may attend, 0 = padding / masked.
 */

export {
  MultiHeadAttention,
  type MultiHeadAttentionForwardOptions,
  type MultiHeadAttentionOptions,
  type MultiHeadAttentionOutput,
} from './attention/multi_head_attention.js';
export {
  LearnedPositionalEmbedding,
  type PositionalOptions,
  SinusoidalPositionalEncoding,
  sinusoidalTable,
} from './attention/positional.js';
export {
  type AttentionMasks,
  attentionBias,
  type SdpaResult,
  scaledDotProductAttention,
} from './attention/scaled_dot_product.js';
export * as initializers from './core/initializers.js';
export { causalMask, floatMask, lengthsToMask, maskToBias } from './core/mask.js';
export {
  type LoadReport,
  type LoadStateDictOptions,
  Module,
  type ModuleConfig,
  ModuleList,
} from './core/module.js';
export { bmm, linear, mm, unstack } from './core/ops.js';
export { DEFAULT_SEED } from './core/seed.js';
export {
  checkModelSize,
  type ModelSizeOptions,
  parameterBytes,
  WASM_HEAP_BYTES,
} from './core/size_check.js';
export {
  beamSearchLM,
  type LMBeamSearchOptions,
  type LMHypothesis,
} from './generation/beam_search.js';
export {
  type GenerateOptions,
  type GenerativeLM,
  generate,
  generateAll,
} from './generation/generate.js';
export {
  argmax,
  checkSamplingOptions,
  chooseNextToken,
  type SamplingOptions,
} from './generation/sampling.js';
export { buildModule, type ModuleFactory, registerModule } from './io/registry.js';
export {
  type DecodedSafetensors,
  decodeSafetensors,
  encodeSafetensors,
  type Metadata,
  type SafetensorsEncodeOptions,
} from './io/safetensors.js';
export {
  FORMAT_VERSION,
  loadModel,
  loadWeights,
  type SavedModel,
  type SavedModelConfig,
  saveModel,
  saveWeights,
} from './io/serialization.js';
export {
  type ActivationName,
  gelu,
  geluTanh,
  getActivation,
  relu,
  sigmoid,
  tanh,
} from './layers/activations.js';
export { Dense, type DenseOptions } from './layers/dense.js';
export { Dropout, type DropoutOptions, reseedDropout } from './layers/dropout.js';
export { Embedding, type EmbeddingOptions } from './layers/embedding.js';
export { LayerNorm, type LayerNormOptions } from './layers/layer_norm.js';
export {
  firstTokenPool,
  lastTokenPool,
  maskedMaxPool,
  maskedMeanPool,
  type PoolingName,
  pool,
} from './layers/pooling.js';
export {
  inverseDocumentFrequency,
  TfIdfPooling,
  type TfIdfPoolingOptions,
} from './layers/tfidf_pooling.js';
export { CausalLM, type CausalLMForwardOptions, type CausalLMOptions } from './lm/causal_lm.js';
export {
  type ConvertedStateDict,
  type ConvertOptions,
  convertBertStateDict,
  convertGpt2StateDict,
  fromBertStateDict,
  fromGpt2StateDict,
  type NamedTensors,
  type PretrainedLoadReport,
} from './lm/hf_mapping.js';
export { KVCache, type LayerKV } from './lm/kv_cache.js';
export { causalLmLoss, IGNORE_INDEX, tokenCrossEntropy } from './lm/lm_loss.js';
export {
  BertEmbeddings,
  MaskedLM,
  type MaskedLMForwardOptions,
  type MaskedLMOptions,
  MLMHead,
} from './lm/masked_lm.js';
export {
  type MaskedSequence,
  type MlmBatch,
  MlmCollator,
  type MlmCollatorOptions,
  type MlmMaskingOptions,
  maskTokens,
} from './lm/mlm_collator.js';
export {
  type ClassifierHeadOptions,
  classifierFromLM,
  classifierOptionsFromLM,
  loadIntoClassifier,
  type TransferReport,
} from './lm/transfer.js';
export {
  BagClassifier,
  type BagClassifierOptions,
  BagTable,
} from './models/bag_classifier.js';
export { RNNClassifier, type RNNClassifierOptions } from './models/rnn_classifier.js';
export {
  type ClassifierForwardOptions,
  type ClassifierOutput,
  TransformerClassifier,
  type TransformerClassifierOptions,
} from './models/transformer_classifier.js';
export {
  type CellMode,
  type CellState,
  cellStep,
  gruStep,
  lstmStep,
  rnnStep,
} from './recurrent/cells.js';
export { GRU } from './recurrent/gru.js';
export { LSTM } from './recurrent/lstm.js';
export {
  RNNBase,
  type RNNForwardOptions,
  type RNNOptions,
  type RNNOutput,
} from './recurrent/rnn_base.js';
export { SimpleRNN, type SimpleRNNOptions } from './recurrent/simple_rnn.js';
export {
  type BeamSearchOptions,
  beamSearch,
  type DecodeOptions,
  greedyDecode,
  type Hypothesis,
  type Seq2SeqModel,
} from './seq2seq/decoding.js';
export {
  GRUAttentionSeq2Seq,
  type GRUAttentionSeq2SeqOptions,
} from './seq2seq/gru_attention_seq2seq.js';
export { sequenceCrossEntropy } from './seq2seq/losses.js';
export {
  TransformerSeq2Seq,
  type TransformerSeq2SeqOptions,
} from './seq2seq/transformer_seq2seq.js';
export {
  type DecoderForwardOptions,
  TransformerDecoder,
  TransformerDecoderLayer,
  type TransformerDecoderOptions,
} from './transformer/decoder_layer.js';
export {
  type EncoderOutput,
  TransformerEncoder,
  type TransformerEncoderOptions,
} from './transformer/encoder.js';
export {
  type EncoderForwardOptions,
  type EncoderLayerOutput,
  feedForward,
  TransformerEncoderLayer,
  type TransformerEncoderLayerOptions,
  type TransformerLayerOptions,
} from './transformer/encoder_layer.js';
