/**
 * Encoder-decoder Transformer for sequence-to-sequence tasks:
 *   src ids -> Embedding + sinusoidal positions -> TransformerEncoder -> memory
 *   tgt ids -> Embedding + positions -> TransformerDecoder(memory) -> Dense -> logits
 * Decode with greedyDecode / beamSearch (decoding.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { childSeed } from '@tfnlp/core';
import { SinusoidalPositionalEncoding } from '../attention/positional.js';
import { Module, type ModuleConfig } from '../core/module.js';
import { checkMaxLength } from '../core/options.js';
import { DEFAULT_SEED } from '../core/seed.js';
import type { ActivationName } from '../layers/activations.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import { Embedding } from '../layers/embedding.js';
import { TransformerDecoder } from '../transformer/decoder_layer.js';
import { TransformerEncoder } from '../transformer/encoder.js';
import type { Seq2SeqModel } from './decoding.js';

/** Options of `TransformerSeq2Seq`. */
export interface TransformerSeq2SeqOptions {
  srcVocabSize: number;
  tgtVocabSize: number;
  /** Longest source or target sequence (positions table size). */
  maxLength: number;
  dModel: number;
  numHeads: number;
  numEncoderLayers: number;
  numDecoderLayers: number;
  /** Default 4 * dModel. */
  dimFeedforward?: number;
  /** Default 0.1. */
  dropout?: number;
  activation?: ActivationName;
  /** Default false (post-norm). */
  normFirst?: boolean;
  seed?: number;
}

/** Encoder-decoder Transformer: embeddings + sinusoidal positions, TransformerEncoder, TransformerDecoder, output projection. */
export class TransformerSeq2Seq extends Module implements Seq2SeqModel {
  readonly srcEmbedding: Embedding;
  readonly tgtEmbedding: Embedding;
  readonly positions: SinusoidalPositionalEncoding;
  readonly encoder: TransformerEncoder;
  readonly decoder: TransformerDecoder;
  readonly dropout: Dropout;
  readonly generator: Dense;

  constructor(readonly options: TransformerSeq2SeqOptions) {
    super();
    checkMaxLength(options, 'TransformerSeq2Seq');
    const seed = options.seed ?? DEFAULT_SEED;
    const s = (n: string) => childSeed(seed, n);
    const { dModel, numHeads } = options;
    const layer = {
      dModel,
      numHeads,
      dimFeedforward: options.dimFeedforward ?? 4 * dModel,
      dropout: options.dropout ?? 0.1,
      activation: options.activation ?? 'relu',
      normFirst: options.normFirst ?? false,
    };
    this.srcEmbedding = this.addModule(
      'src_embedding',
      new Embedding({ numEmbeddings: options.srcVocabSize, embeddingDim: dModel, seed: s('src') }),
    );
    this.tgtEmbedding = this.addModule(
      'tgt_embedding',
      new Embedding({ numEmbeddings: options.tgtVocabSize, embeddingDim: dModel, seed: s('tgt') }),
    );
    this.positions = this.addModule(
      'positions',
      new SinusoidalPositionalEncoding({ maxLength: options.maxLength, dModel }),
    );
    this.encoder = this.addModule(
      'encoder',
      new TransformerEncoder({ ...layer, numLayers: options.numEncoderLayers, seed: s('encoder') }),
    );
    this.decoder = this.addModule(
      'decoder',
      new TransformerDecoder({ ...layer, numLayers: options.numDecoderLayers, seed: s('decoder') }),
    );
    this.dropout = this.addModule('dropout', new Dropout({ p: layer.dropout, seed: s('dropout') }));
    this.generator = this.addModule(
      'generator',
      new Dense({ inFeatures: dModel, outFeatures: options.tgtVocabSize, seed: s('generator') }),
    );
  }

  private embed(emb: Embedding, ids: tf.Tensor2D): tf.Tensor3D {
    // Embeddings start as N(0, 1), the same scale as the sinusoids: no sqrt(d) scaling, which
    // would drown the position signal a task like string reversal depends on.
    const x = emb.forward(ids) as tf.Tensor3D; // [B, T, d]
    return this.dropout.forward(this.positions.forward(x)) as tf.Tensor3D;
  }

  /** src int32 [B, S], srcMask [B, S] (1 = real) -> memory [B, S, d]. */
  encode(src: tf.Tensor2D, srcMask?: tf.Tensor): tf.Tensor3D {
    return tf.tidy(() =>
      this.encoder.forward(this.embed(this.srcEmbedding, src), { mask: srcMask }),
    );
  }

  /** tgtIn int32 [B, T] (starts with BOS), memory [B, S, d] -> logits [B, T, tgtVocab]. Causal. */
  decode(
    tgtIn: tf.Tensor2D,
    memory: tf.Tensor3D,
    srcMask?: tf.Tensor,
    tgtMask?: tf.Tensor,
  ): tf.Tensor3D {
    return tf.tidy(() => {
      const h = this.decoder.forward(this.embed(this.tgtEmbedding, tgtIn), memory, {
        memoryMask: srcMask,
        tgtMask,
        causal: true,
      });
      return this.generator.forward(h) as tf.Tensor3D;
    });
  }

  /** Teacher-forced logits [B, T, tgtVocab]. */
  forward(
    src: tf.Tensor2D,
    tgtIn: tf.Tensor2D,
    masks: { srcMask?: tf.Tensor; tgtMask?: tf.Tensor } = {},
  ): tf.Tensor3D {
    return tf.tidy(() =>
      this.decode(tgtIn, this.encode(src, masks.srcMask), masks.srcMask, masks.tgtMask),
    );
  }

  override getConfig(): ModuleConfig {
    return { type: 'TransformerSeq2Seq', options: { ...this.options } };
  }
}
