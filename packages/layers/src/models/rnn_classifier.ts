/**
 * Text classifier: Embedding -> (bi)LSTM/GRU/RNN -> pooling -> dropout -> Dense.
 * Input: token ids [batch, time] (int32) and mask [batch, time] (1 = real token).
 */
import * as tf from '@tensorflow/tfjs-core';
import { childSeed } from '@tfnlp/core';
import { Module, type ModuleConfig } from '../core/module.js';
import { unstack } from '../core/ops.js';
import { DEFAULT_SEED } from '../core/seed.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import { Embedding } from '../layers/embedding.js';
import { maskedMaxPool, maskedMeanPool } from '../layers/pooling.js';
import { GRU } from '../recurrent/gru.js';
import { LSTM } from '../recurrent/lstm.js';
import type { RNNBase } from '../recurrent/rnn_base.js';
import { SimpleRNN } from '../recurrent/simple_rnn.js';

/** Options of `RNNClassifier`. */
export interface RNNClassifierOptions {
  vocabSize: number;
  embeddingDim: number;
  hiddenSize: number;
  numClasses: number;
  /** Default 'lstm'. */
  cell?: 'lstm' | 'gru' | 'rnn';
  numLayers?: number;
  bidirectional?: boolean;
  /** Dropout after the embedding, between RNN layers and before the classifier (default 0). */
  dropout?: number;
  /** 'last' (default): final hidden state(s) of the top layer; or masked 'mean' / 'max' over outputs. */
  pooling?: 'last' | 'mean' | 'max';
  paddingIdx?: number;
  seed?: number;
}

/** Text classifier: Embedding -> (bi)LSTM/GRU/RNN -> pooling -> dropout -> Dense; ids [B, T] and mask -> logits [B, C]. */
export class RNNClassifier extends Module {
  readonly embedding: Embedding;
  readonly rnn: RNNBase;
  readonly dropout: Dropout;
  readonly classifier: Dense;

  constructor(readonly options: RNNClassifierOptions) {
    super();
    const seed = options.seed ?? DEFAULT_SEED;
    const s = (n: string) => childSeed(seed, n);
    const p = options.dropout ?? 0;
    this.embedding = this.addModule(
      'embedding',
      new Embedding({
        numEmbeddings: options.vocabSize,
        embeddingDim: options.embeddingDim,
        paddingIdx: options.paddingIdx,
        seed: s('embedding'),
      }),
    );
    const rnnOptions = {
      inputSize: options.embeddingDim,
      hiddenSize: options.hiddenSize,
      numLayers: options.numLayers ?? 1,
      bidirectional: options.bidirectional ?? false,
      dropout: p,
      seed: s('rnn'),
    };
    const cell = options.cell ?? 'lstm';
    const rnn =
      cell === 'lstm'
        ? new LSTM(rnnOptions)
        : cell === 'gru'
          ? new GRU(rnnOptions)
          : cell === 'rnn'
            ? new SimpleRNN(rnnOptions)
            : null;
    if (!rnn) throw new Error(`RNNClassifier: cell must be 'lstm', 'gru' or 'rnn', got '${cell}'.`);
    this.rnn = this.addModule('rnn', rnn);
    this.dropout = this.addModule('dropout', new Dropout({ p, seed: s('dropout') }));
    const D = options.bidirectional ? 2 : 1;
    this.classifier = this.addModule(
      'classifier',
      new Dense({
        inFeatures: D * options.hiddenSize,
        outFeatures: options.numClasses,
        seed: s('classifier'),
      }),
    );
  }

  /** ids: int32 [batch, time]; mask: [batch, time] (1 = real) -> logits [batch, numClasses]. */
  forward(ids: tf.Tensor2D, mask?: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() => {
      const x = this.dropout.forward(this.embedding.forward(ids)) as tf.Tensor3D; // [B, T, E]
      const { output, hN } = this.rnn.forward(x, { mask }); // [B, T, D*H], [L*D, B, H]
      let pooled: tf.Tensor2D;
      const pooling = this.options.pooling ?? 'last';
      if (pooling === 'last') {
        const D = this.rnn.numDirections;
        const L = this.rnn.numLayers;
        // Top layer's final states, directions concatenated: [B, D*H].
        const top = unstack(tf.slice(hN, [(L - 1) * D, 0, 0], [D, -1, -1]));
        pooled = (D === 1 ? top[0] : tf.concat(top, 1)) as tf.Tensor2D;
      } else if (pooling === 'mean') {
        pooled = maskedMeanPool(output, mask);
      } else {
        pooled = maskedMaxPool(output, mask);
      }
      return this.classifier.forward(this.dropout.forward(pooled)) as tf.Tensor2D;
    });
  }

  override getConfig(): ModuleConfig {
    return { type: 'RNNClassifier', options: { ...this.options } };
  }
}
