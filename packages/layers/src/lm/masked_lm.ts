/**
 * BERT-style masked language model, laid out like Hugging Face's `BertForMaskedLM`:
 *
 *   x = LayerNorm(word(ids) + position(0..T-1) + token_type(types)); dropout
 *   h = post-norm encoder (`encoder.layers.N`, GELU, eps 1e-12)
 *   logits = LayerNorm(gelu(dense(h))) @ word^T + bias      (the MLM head, tied decoder)
 *
 * `fromBertStateDict` maps BERT's names (`bert.encoder.layer.N.attention.self.query`, ...) onto it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { childSeed } from '@tfnlp/core';
import * as init from '../core/initializers.js';
import { Module, type ModuleConfig } from '../core/module.js';
import { linear } from '../core/ops.js';
import { DEFAULT_SEED } from '../core/seed.js';
import { type ActivationName, getActivation } from '../layers/activations.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import { Embedding } from '../layers/embedding.js';
import { LayerNorm } from '../layers/layer_norm.js';
import { TransformerEncoder } from '../transformer/encoder.js';

/** Options of `MaskedLM` (BERT's config names in comments). */
export interface MaskedLMOptions {
  /** vocab_size */
  vocabSize: number;
  /** Learned positions (max_position_embeddings). */
  maxLength: number;
  /** hidden_size */
  dModel: number;
  /** num_attention_heads */
  numHeads: number;
  /** num_hidden_layers */
  numLayers: number;
  /** intermediate_size (default 4 * dModel). */
  dimFeedforward?: number;
  /** hidden_dropout_prob and attention_probs_dropout_prob (default 0.1). */
  dropout?: number;
  /** hidden_act (default 'gelu', the exact erf form). */
  activation?: ActivationName;
  /** layer_norm_eps (default 1e-12). */
  layerNormEps?: number;
  /** type_vocab_size: segment embeddings (default 2; 0 = none). */
  typeVocabSize?: number;
  seed?: number;
}

/** Options of `MaskedLM.forward` / `encode`. */
export interface MaskedLMForwardOptions {
  /** `[batch, time]`: 1 = real token, 0 = padding (BERT's attention_mask). */
  mask?: tf.Tensor;
  /** int32 [batch, time] segment ids (token_type_ids; default all 0). */
  tokenTypeIds?: tf.Tensor;
}

/** BERT's embeddings: word + position + token type, LayerNorm, dropout. */
export class BertEmbeddings extends Module {
  readonly wordEmbeddings: Embedding;
  readonly positionEmbeddings: Embedding;
  readonly tokenTypeEmbeddings: Embedding | null;
  readonly layerNorm: LayerNorm;
  readonly dropout: Dropout;

  constructor(options: MaskedLMOptions) {
    super();
    const seed = options.seed ?? DEFAULT_SEED;
    const s = (name: string) => childSeed(seed, `embeddings.${name}`);
    const d = options.dModel;
    const table = (name: string, n: number) => {
      const e = new Embedding({ numEmbeddings: n, embeddingDim: d, seed: s(name) });
      // BERT initialises embeddings N(0, 0.02^2).
      tf.tidy(() => e.weight.assign(init.normal([n, d], 0.02, s(`${name}.normal`))));
      return this.addModule(name, e);
    };
    this.wordEmbeddings = table('word_embeddings', options.vocabSize);
    this.positionEmbeddings = table('position_embeddings', options.maxLength);
    const types = options.typeVocabSize ?? 2;
    this.tokenTypeEmbeddings = types > 0 ? table('token_type_embeddings', types) : null;
    this.layerNorm = this.addModule(
      'layer_norm',
      new LayerNorm({ dim: d, eps: options.layerNormEps ?? 1e-12 }),
    );
    this.dropout = this.addModule(
      'dropout',
      new Dropout({ p: options.dropout ?? 0.1, seed: s('dropout') }),
    );
  }

  /** ids int32 [batch, time] -> [batch, time, dModel] */
  forward(ids: tf.Tensor2D, tokenTypeIds?: tf.Tensor): tf.Tensor3D {
    return tf.tidy(() => {
      const T = ids.shape[1];
      const maxLength = this.positionEmbeddings.weight.shape[0]!;
      if (T > maxLength) {
        throw new Error(
          `MaskedLM: ${T} positions exceed maxLength ${maxLength}; truncate the input or build the model with a larger maxLength.`,
        );
      }
      let x = tf.add(
        this.wordEmbeddings.forward(ids),
        this.positionEmbeddings.forward(tf.range(0, T, 1, 'int32')),
      ); // [B, T, d]
      if (this.tokenTypeEmbeddings) {
        const types = tokenTypeIds ? tf.cast(tokenTypeIds, 'int32') : tf.zerosLike(ids);
        x = tf.add(x, this.tokenTypeEmbeddings.forward(types));
      } else if (tokenTypeIds) {
        throw new Error('MaskedLM: tokenTypeIds given but the model has typeVocabSize 0.');
      }
      return this.dropout.forward(this.layerNorm.forward(x)) as tf.Tensor3D;
    });
  }
}

/** BERT's MLM head: dense + activation + LayerNorm, then the tied decoder with its own bias [vocab]. */
export class MLMHead extends Module {
  readonly dense: Dense;
  readonly layerNorm: LayerNorm;
  readonly bias: tf.Variable; // [vocab]
  private readonly act: (x: tf.Tensor) => tf.Tensor;

  constructor(options: MaskedLMOptions) {
    super();
    const d = options.dModel;
    this.dense = this.addModule(
      'dense',
      new Dense({
        inFeatures: d,
        outFeatures: d,
        seed: childSeed(options.seed ?? DEFAULT_SEED, 'head.dense'),
      }),
    );
    this.layerNorm = this.addModule(
      'layer_norm',
      new LayerNorm({ dim: d, eps: options.layerNormEps ?? 1e-12 }),
    );
    this.bias = this.addParameter('bias', init.zeros([options.vocabSize]));
    this.act = getActivation(options.activation ?? 'gelu');
  }

  /** h [..., d], decoder weight [vocab, d] -> logits [..., vocab] */
  forward(h: tf.Tensor, decoderWeight: tf.Tensor): tf.Tensor {
    return tf.tidy(() =>
      linear(this.layerNorm.forward(this.act(this.dense.forward(h))), decoderWeight, this.bias),
    );
  }
}

/** BERT-style encoder with a masked-LM head: ids [batch, time] -> logits [batch, time, vocab]. */
export class MaskedLM extends Module {
  readonly embeddings: BertEmbeddings;
  readonly encoder: TransformerEncoder;
  readonly head: MLMHead;

  constructor(readonly options: MaskedLMOptions) {
    super();
    const { vocabSize, maxLength, dModel, numHeads, numLayers } = options;
    if (!(vocabSize > 0 && maxLength > 0 && numLayers >= 0)) {
      throw new Error(
        `MaskedLM: vocabSize (${vocabSize}) and maxLength (${maxLength}) must be positive and numLayers (${numLayers}) >= 0.`,
      );
    }
    const seed = options.seed ?? DEFAULT_SEED;
    this.embeddings = this.addModule('embeddings', new BertEmbeddings(options));
    const eps = options.layerNormEps ?? 1e-12;
    this.encoder = this.addModule(
      'encoder',
      new TransformerEncoder({
        dModel,
        numHeads,
        numLayers,
        dimFeedforward: options.dimFeedforward ?? 4 * dModel,
        dropout: options.dropout ?? 0.1,
        activation: options.activation ?? 'gelu',
        normFirst: false,
        finalNorm: false,
        layerNormEps: eps,
        seed: childSeed(seed, 'encoder'),
      }),
    );
    this.head = this.addModule('head', new MLMHead(options));
  }

  /** The encoder's last hidden states [batch, time, dModel] (the body a classifier reuses). */
  encode(ids: tf.Tensor2D, opts: MaskedLMForwardOptions = {}): tf.Tensor3D {
    if (ids.rank !== 2 || ids.dtype !== 'int32') {
      throw new Error(
        `MaskedLM: ids must be an int32 tensor [batch, time], got ${ids.dtype} [${ids.shape}].`,
      );
    }
    return tf.tidy(() =>
      this.encoder.forward(this.embeddings.forward(ids, opts.tokenTypeIds), { mask: opts.mask }),
    );
  }

  /** ids int32 [batch, time] -> MLM logits [batch, time, vocab]. */
  forward(ids: tf.Tensor2D, opts: MaskedLMForwardOptions = {}): tf.Tensor3D {
    return tf.tidy(
      () =>
        this.head.forward(
          this.encode(ids, opts),
          this.embeddings.wordEmbeddings.weight,
        ) as tf.Tensor3D,
    );
  }

  override getConfig(): ModuleConfig {
    return { type: 'MaskedLM', options: { ...this.options } };
  }
}
