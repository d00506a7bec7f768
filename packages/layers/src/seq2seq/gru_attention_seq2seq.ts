/**
 * GRU encoder-decoder with Luong ("general") attention:
 *
 *   encoder:  src ids -> Embedding -> bidirectional GRU -> memory [B, S, 2H]
 *   init:     h0 = tanh(Dense(masked mean of memory))                      [B, H]
 *   decoder:  tgt ids -> Embedding -> GRU(h0) -> h_t                       [B, T, H]
 *   attend:   a_t = softmax(h_t W_a memory^T + mask bias), c_t = a_t memory  [B, T, 2H]
 *   output:   logits = Dense(tanh(Dense([h_t; c_t])))                      [B, T, V]
 *
 * Without input feeding the decoder GRU runs over the whole target prefix at once and
 * attention is two batched matmuls, so teacher forcing needs no per-step attention loop.
 * Implements Seq2SeqModel, so greedyDecode / beamSearch work with it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { childSeed } from '@tfnlp/core';
import { attentionBias } from '../attention/scaled_dot_product.js';
import { Module, type ModuleConfig } from '../core/module.js';
import { bmm } from '../core/ops.js';
import { DEFAULT_SEED } from '../core/seed.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import { Embedding } from '../layers/embedding.js';
import { maskedMeanPool } from '../layers/pooling.js';
import { GRU } from '../recurrent/gru.js';
import type { Seq2SeqModel } from './decoding.js';

/** Options of `GRUAttentionSeq2Seq`. */
export interface GRUAttentionSeq2SeqOptions {
  srcVocabSize: number;
  tgtVocabSize: number;
  embeddingDim: number;
  hiddenSize: number;
  /** Dropout on embeddings and before the output layer (default 0). */
  dropout?: number;
  seed?: number;
}

/** GRU encoder-decoder with Luong attention: bidirectional GRU encoder, GRU decoder initialised from the pooled memory. */
export class GRUAttentionSeq2Seq extends Module implements Seq2SeqModel {
  readonly srcEmbedding: Embedding;
  readonly tgtEmbedding: Embedding;
  readonly encoder: GRU;
  readonly init: Dense;
  readonly decoder: GRU;
  readonly attnQuery: Dense;
  readonly combine: Dense;
  readonly generator: Dense;
  readonly dropout: Dropout;

  constructor(readonly options: GRUAttentionSeq2SeqOptions) {
    super();
    const seed = options.seed ?? DEFAULT_SEED;
    const s = (n: string) => childSeed(seed, n);
    const { embeddingDim: E, hiddenSize: H } = options;
    this.srcEmbedding = this.addModule(
      'src_embedding',
      new Embedding({ numEmbeddings: options.srcVocabSize, embeddingDim: E, seed: s('src') }),
    );
    this.tgtEmbedding = this.addModule(
      'tgt_embedding',
      new Embedding({ numEmbeddings: options.tgtVocabSize, embeddingDim: E, seed: s('tgt') }),
    );
    this.encoder = this.addModule(
      'encoder',
      new GRU({ inputSize: E, hiddenSize: H, bidirectional: true, seed: s('encoder') }),
    );
    this.init = this.addModule(
      'init',
      new Dense({ inFeatures: 2 * H, outFeatures: H, activation: 'tanh', seed: s('init') }),
    );
    this.decoder = this.addModule(
      'decoder',
      new GRU({ inputSize: E, hiddenSize: H, seed: s('decoder') }),
    );
    this.attnQuery = this.addModule(
      'attn_query',
      new Dense({ inFeatures: H, outFeatures: 2 * H, bias: false, seed: s('attn') }),
    );
    this.combine = this.addModule(
      'combine',
      new Dense({ inFeatures: 3 * H, outFeatures: H, activation: 'tanh', seed: s('combine') }),
    );
    this.generator = this.addModule(
      'generator',
      new Dense({ inFeatures: H, outFeatures: options.tgtVocabSize, seed: s('generator') }),
    );
    this.dropout = this.addModule(
      'dropout',
      new Dropout({ p: options.dropout ?? 0, seed: s('dropout') }),
    );
  }

  /** src int32 [B, S], srcMask [B, S] (1 = real) -> memory [B, S, 2H] (zeros at padding). */
  encode(src: tf.Tensor2D, srcMask?: tf.Tensor): tf.Tensor3D {
    return tf.tidy(() => {
      const x = this.dropout.forward(this.srcEmbedding.forward(src)) as tf.Tensor3D; // [B, S, E]
      return this.encoder.forward(x, { mask: srcMask }).output; // [B, S, 2H]
    });
  }

  /** tgtIn int32 [B, T] (starts with BOS), memory [B, S, 2H] -> logits [B, T, V]. */
  decode(tgtIn: tf.Tensor2D, memory: tf.Tensor3D, srcMask?: tf.Tensor): tf.Tensor3D {
    return tf.tidy(() => {
      const h0 = this.init.forward(maskedMeanPool(memory, srcMask)); // [B, H]
      const y = this.dropout.forward(this.tgtEmbedding.forward(tgtIn)) as tf.Tensor3D; // [B, T, E]
      const h = this.decoder.forward(y, { h0: tf.expandDims(h0, 0) as tf.Tensor3D }).output; // [B, T, H]
      let scores = bmm(this.attnQuery.forward(h), memory, true); // [B, T, S]
      const bias = srcMask ? attentionBias({ keyMask: srcMask }) : null; // [B, 1, 1, S]
      if (bias) scores = tf.add(scores, tf.squeeze(bias, [1]));
      const context = bmm(tf.softmax(scores), memory); // [B, T, 2H]
      const out = this.combine.forward(tf.concat([h, context], 2)); // [B, T, H]
      return this.generator.forward(this.dropout.forward(out)) as tf.Tensor3D;
    });
  }

  /** Teacher-forced logits [B, T, V]. */
  forward(src: tf.Tensor2D, tgtIn: tf.Tensor2D, masks: { srcMask?: tf.Tensor } = {}): tf.Tensor3D {
    return tf.tidy(() => this.decode(tgtIn, this.encode(src, masks.srcMask), masks.srcMask));
  }

  override getConfig(): ModuleConfig {
    return { type: 'GRUAttentionSeq2Seq', options: { ...this.options } };
  }
}
