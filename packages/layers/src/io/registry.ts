/**
 * Rebuilding modules from their JSON config. Every serialisable layer registers a factory
 * here; `registerModule` lets applications add their own.
 */
import { MultiHeadAttention } from '../attention/multi_head_attention.js';
import {
  LearnedPositionalEmbedding,
  SinusoidalPositionalEncoding,
} from '../attention/positional.js';
import type { Module, ModuleConfig } from '../core/module.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import { Embedding } from '../layers/embedding.js';
import { LayerNorm } from '../layers/layer_norm.js';
import { TfIdfPooling } from '../layers/tfidf_pooling.js';
import { CausalLM } from '../lm/causal_lm.js';
import { MaskedLM } from '../lm/masked_lm.js';
import { BagClassifier } from '../models/bag_classifier.js';
import { RNNClassifier } from '../models/rnn_classifier.js';
import { TransformerClassifier } from '../models/transformer_classifier.js';
import { GRU } from '../recurrent/gru.js';
import { LSTM } from '../recurrent/lstm.js';
import { SimpleRNN } from '../recurrent/simple_rnn.js';
import { GRUAttentionSeq2Seq } from '../seq2seq/gru_attention_seq2seq.js';
import { TransformerSeq2Seq } from '../seq2seq/transformer_seq2seq.js';
import { TransformerDecoder, TransformerDecoderLayer } from '../transformer/decoder_layer.js';
import { TransformerEncoder } from '../transformer/encoder.js';
import { TransformerEncoderLayer } from '../transformer/encoder_layer.js';

/** Builds a module from the `options` of its saved config (`registerModule`, `buildModule`). */
// biome-ignore lint/suspicious/noExplicitAny: factories take class-specific options
export type ModuleFactory = (options: any) => Module;

// Built-in layers, listed explicitly (no import side effects, so tree-shaking is safe).
const factories = new Map<string, ModuleFactory>([
  ['Dense', (o) => new Dense(o)],
  ['Dropout', (o) => new Dropout(o)],
  ['Embedding', (o) => new Embedding(o)],
  ['LayerNorm', (o) => new LayerNorm(o)],
  ['TfIdfPooling', (o) => new TfIdfPooling(o)],
  ['LSTM', (o) => new LSTM(o)],
  ['GRU', (o) => new GRU(o)],
  ['SimpleRNN', (o) => new SimpleRNN(o)],
  ['MultiHeadAttention', (o) => new MultiHeadAttention(o)],
  ['SinusoidalPositionalEncoding', (o) => new SinusoidalPositionalEncoding(o)],
  ['LearnedPositionalEmbedding', (o) => new LearnedPositionalEmbedding(o)],
  ['TransformerEncoderLayer', (o) => new TransformerEncoderLayer(o)],
  ['TransformerEncoder', (o) => new TransformerEncoder(o)],
  ['TransformerDecoderLayer', (o) => new TransformerDecoderLayer(o)],
  ['TransformerDecoder', (o) => new TransformerDecoder(o)],
  // Its table is about to be overwritten by loadModel: skip the random draw.
  ['BagClassifier', (o) => new BagClassifier(o, true)],
  ['RNNClassifier', (o) => new RNNClassifier(o)],
  ['TransformerClassifier', (o) => new TransformerClassifier(o)],
  ['TransformerSeq2Seq', (o) => new TransformerSeq2Seq(o)],
  ['GRUAttentionSeq2Seq', (o) => new GRUAttentionSeq2Seq(o)],
  ['CausalLM', (o) => new CausalLM(o)],
  ['MaskedLM', (o) => new MaskedLM(o)],
]);

/** Option names renamed since configs were first saved: old -> new. */
const RENAMED_OPTIONS = new Map([['maxLen', 'maxLength']]);

/** Throws on an option key that was renamed, anywhere in the options (old configs). */
function rejectRenamedOptions(config: ModuleConfig): void {
  const visit = (value: unknown, path: string): void => {
    if (value === null || typeof value !== 'object') return;
    for (const [key, v] of Object.entries(value)) {
      const renamed = RENAMED_OPTIONS.get(key);
      if (renamed !== undefined) {
        throw new Error(
          `buildModule: the ${config.type} config has the option '${path}${key}', now named '${renamed}'; rename the key in model.json (or re-save the model with saveModel).`,
        );
      }
      visit(v, `${path}${key}.`);
    }
  };
  visit(config.options, '');
}

/** Registers (or replaces) the factory that `buildModule` / `loadModel` use for configs of `type`. */
export function registerModule(type: string, factory: ModuleFactory): void {
  factories.set(type, factory);
}

/**
 * Builds a module from its config, to load weights into (loadModel). Initial values are the
 * layers' own initialisers, except where a factory skips a costly draw it knows is overwritten.
 */
export function buildModule(config: ModuleConfig): Module {
  const f = factories.get(config.type);
  if (!f) {
    throw new Error(
      `buildModule: unknown module type '${config.type}'. Known: ${[...factories.keys()].sort().join(', ')}. ` +
        'Register custom modules with registerModule(type, options => new MyModule(options)).',
    );
  }
  rejectRenamedOptions(config);
  return f(config.options);
}
