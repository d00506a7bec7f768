/**
 * Text classifier: Embedding + positions -> TransformerEncoder -> pooling ->
 * dropout -> Dense. Input: token ids [batch, time] (int32), mask [batch, time] (1 = real).
 */
import * as tf from '@tensorflow/tfjs-core';
import { childSeed } from '@tfnlp/core';
import {
  LearnedPositionalEmbedding,
  SinusoidalPositionalEncoding,
} from '../attention/positional.js';
import { Module, type ModuleConfig } from '../core/module.js';
import { checkMaxLength } from '../core/options.js';
import { DEFAULT_SEED } from '../core/seed.js';
import type { ActivationName } from '../layers/activations.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import { Embedding } from '../layers/embedding.js';
import { firstTokenPool, maskedMaxPool, maskedMeanPool } from '../layers/pooling.js';
import { TfIdfPooling } from '../layers/tfidf_pooling.js';
import { TransformerEncoder } from '../transformer/encoder.js';

/** Options of `TransformerClassifier`. */
export interface TransformerClassifierOptions {
  vocabSize: number;
  /** Longest sequence the position table covers (HF `max_position_embeddings`). */
  maxLength: number;
  dModel: number;
  numHeads: number;
  numLayers: number;
  numClasses: number;
  /** Default 4 * dModel. */
  dimFeedforward?: number;
  /** Default 0.1. */
  dropout?: number;
  activation?: ActivationName;
  /** Default false (post-norm, like PyTorch). */
  normFirst?: boolean;
  /** Default 'sinusoidal'. */
  positional?: 'sinusoidal' | 'learned';
  /**
   * Multiply the embeddings by sqrt(dModel) before adding the positions, as in "Attention Is
   * All You Need", so the positions are a small signal next to the words (default false: the
   * N(0, 1) embeddings are added at the positions' own scale).
   */
  scaleEmbeddings?: boolean;
  /**
   * Default 'mean' (masked); 'first' reads position 0 (a [CLS] token); 'max'; 'tfidf': a
   * sublinear TF-IDF weighted mean (`TfIdfPooling`; set its idf table from the training texts
   * with `model.tfidf!.setIdf(inverseDocumentFrequency(ids, vocabSize))`).
   */
  pooling?: 'mean' | 'first' | 'max' | 'tfidf';
  /**
   * Pre-norm only (`normFirst`): apply the encoder's final LayerNorm once, to the pooled vector,
   * instead of to every position, so the pooled positions keep their magnitudes (and weight
   * decay on the embeddings keeps its effect). Default false.
   */
  normAfterPooling?: boolean;
  /**
   * Pre-norm only: false leaves out the encoder's final LayerNorm, so the classifier reads the
   * pooled residual stream as it is. Its magnitude then carries evidence: a text of rare words,
   * whose embeddings weight decay shrank, gives a small vector and a soft prediction, where a
   * LayerNorm rescales it to a confident one. Default true (PyTorch's pre-norm encoder has the
   * final norm).
   */
  finalNorm?: boolean;
  /**
   * Epsilon of the encoder's final LayerNorm (default 1e-5). With `normAfterPooling`, one of
   * the order of the pooled vectors' variance makes the norm soft: a vector of weak evidence
   * (small, e.g. rare words whose embeddings weight decay shrank) stays small, and so does the
   * confidence of its prediction, while large ones are still normalised.
   */
  finalNormEps?: number;
  /** Pre-norm only: LayerScale on the encoder's residual branches (see `TransformerEncoderLayerOptions`). */
  layerScale?: number;
  /** Stochastic depth rate of the encoder's residual branches (see `TransformerEncoderLayerOptions`). */
  dropPath?: number;
  paddingIdx?: number;
  seed?: number;
}

/** Options of `TransformerClassifier.forward`. */
export interface ClassifierForwardOptions {
  /**
   * Also return each encoder layer's self-attention weights per head, [batch, heads, time,
   * time] (Hugging Face `output_attentions`). Default false.
   */
  outputAttentions?: boolean;
}

/** `TransformerClassifier.forward` with `outputAttentions: true` (Hugging Face's names). */
export interface ClassifierOutput {
  /** [batch, numClasses] */
  logits: tf.Tensor2D;
  /** One per encoder layer, bottom first: [batch, heads, time, time]; rows sum to 1. */
  attentions: tf.Tensor4D[];
}

/** Text classifier: Embedding + positions -> TransformerEncoder -> pooling -> dropout -> Dense; ids [B, T] and mask -> logits [B, C]. */
export class TransformerClassifier extends Module {
  readonly embedding: Embedding;
  readonly positions: SinusoidalPositionalEncoding | LearnedPositionalEmbedding;
  readonly encoder: TransformerEncoder;
  readonly dropout: Dropout;
  readonly classifier: Dense;
  /** The pooling layer of `pooling: 'tfidf'` (holds the idf table); undefined otherwise. */
  readonly tfidf: TfIdfPooling | undefined;

  constructor(readonly options: TransformerClassifierOptions) {
    super();
    checkMaxLength(options, 'TransformerClassifier');
    if (options.normAfterPooling && !options.normFirst) {
      throw new Error(
        'TransformerClassifier: normAfterPooling needs normFirst: true (pre-norm layers).',
      );
    }
    if (options.finalNorm === false && !options.normFirst) {
      throw new Error(
        'TransformerClassifier: finalNorm: false needs normFirst: true (post-norm layers end normalised).',
      );
    }
    if (options.finalNorm === false && options.normAfterPooling) {
      throw new Error(
        'TransformerClassifier: normAfterPooling moves the final LayerNorm; finalNorm: false removes it. Choose one.',
      );
    }
    const seed = options.seed ?? DEFAULT_SEED;
    const s = (n: string) => childSeed(seed, n);
    const { dModel, maxLength } = options;
    const p = options.dropout ?? 0.1;
    this.embedding = this.addModule(
      'embedding',
      new Embedding({
        numEmbeddings: options.vocabSize,
        embeddingDim: dModel,
        paddingIdx: options.paddingIdx,
        seed: s('embedding'),
      }),
    );
    this.positions = this.addModule(
      'positions',
      options.positional === 'learned'
        ? new LearnedPositionalEmbedding({ maxLength, dModel, seed: s('positions') })
        : new SinusoidalPositionalEncoding({ maxLength, dModel }),
    );
    this.encoder = this.addModule(
      'encoder',
      new TransformerEncoder({
        dModel,
        numHeads: options.numHeads,
        numLayers: options.numLayers,
        dimFeedforward: options.dimFeedforward ?? 4 * dModel,
        dropout: p,
        activation: options.activation ?? 'relu',
        normFirst: options.normFirst ?? false,
        ...(options.finalNorm === false ? { finalNorm: false } : {}),
        ...(options.finalNormEps !== undefined ? { finalNormEps: options.finalNormEps } : {}),
        ...(options.layerScale !== undefined ? { layerScale: options.layerScale } : {}),
        ...(options.dropPath ? { dropPath: options.dropPath } : {}),
        seed: s('encoder'),
      }),
    );
    this.dropout = this.addModule('dropout', new Dropout({ p, seed: s('dropout') }));
    this.tfidf =
      options.pooling === 'tfidf'
        ? this.addModule('pooling', new TfIdfPooling({ vocabSize: options.vocabSize }))
        : undefined;
    this.classifier = this.addModule(
      'classifier',
      new Dense({ inFeatures: dModel, outFeatures: options.numClasses, seed: s('classifier') }),
    );
  }

  /**
   * ids: int32 [batch, time]; mask [batch, time] (1 = real) -> logits [batch, numClasses];
   * with `outputAttentions: true`, `{ logits, attentions }` (per layer, per head).
   */
  forward(
    ids: tf.Tensor2D,
    mask?: tf.Tensor,
    options?: ClassifierForwardOptions & { outputAttentions?: false },
  ): tf.Tensor2D;
  forward(
    ids: tf.Tensor2D,
    mask: tf.Tensor | undefined,
    options: ClassifierForwardOptions & { outputAttentions: true },
  ): ClassifierOutput;
  forward(
    ids: tf.Tensor2D,
    mask?: tf.Tensor,
    options?: ClassifierForwardOptions,
  ): tf.Tensor2D | ClassifierOutput;
  forward(
    ids: tf.Tensor2D,
    mask?: tf.Tensor,
    options: ClassifierForwardOptions = {},
  ): tf.Tensor2D | ClassifierOutput {
    return tf.tidy(() => {
      let h = this.embed(ids); // [B, T, d]
      const attentions: tf.Tensor4D[] = [];
      for (const layer of this.encoder.layers) {
        if (!options.outputAttentions) {
          h = layer.forward(h, { mask });
          continue;
        }
        const r = layer.forward(h, { mask, outputAttentions: true });
        h = r.output;
        attentions.push(r.attentions); // [B, h, T, T]
      }
      const logits = this.readout(h, ids, mask);
      if (!options.outputAttentions) return logits;
      return { logits, attentions } as unknown as tf.TensorContainer;
    }) as unknown as tf.Tensor2D | ClassifierOutput;
  }

  /** The encoder's input: (scaled) embeddings + positions, dropout. ids [B, T] -> [B, T, d]. */
  embed(ids: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => {
      // Embeddings ~ N(0, 1) already match the positions' scale; scaleEmbeddings makes the
      // words dominate (bag-of-words-like tasks lose accuracy to position noise otherwise).
      const raw = this.embedding.forward(ids) as tf.Tensor3D; // [B, T, d]
      const emb = this.options.scaleEmbeddings
        ? (tf.mul(raw, Math.sqrt(this.options.dModel)) as tf.Tensor3D)
        : raw;
      return this.dropout.forward(this.positions.forward(emb)) as tf.Tensor3D;
    });
  }

  /**
   * Logits from the output of the encoder's layers (before its final LayerNorm, if any, which
   * this applies per position or, with normAfterPooling, to the pooled vector): pooling -> dropout
   * -> Dense. h [B, T, d], ids [B, T] (TF-IDF pooling reads them), mask -> [B, numClasses].
   */
  readout(h: tf.Tensor3D, ids: tf.Tensor2D, mask?: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() => {
      const norm = this.encoder.norm;
      const late = this.options.normAfterPooling === true;
      const x = norm && !late ? (norm.forward(h) as tf.Tensor3D) : h;
      const pooling = this.options.pooling ?? 'mean';
      const pooledRaw = this.tfidf
        ? this.tfidf.forward(x, ids, mask)
        : pooling === 'first'
          ? firstTokenPool(x)
          : pooling === 'max'
            ? maskedMaxPool(x, mask)
            : maskedMeanPool(x, mask);
      const pooled = late ? (norm!.forward(pooledRaw) as tf.Tensor2D) : pooledRaw;
      return this.classifier.forward(this.dropout.forward(pooled)) as tf.Tensor2D;
    });
  }

  override getConfig(): ModuleConfig {
    return { type: 'TransformerClassifier', options: { ...this.options } };
  }
}
