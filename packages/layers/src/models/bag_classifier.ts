/**
 * fastText-style text classifier: Embedding -> masked mean over tokens -> dropout -> Dense.
 * With word n-grams in the vocabulary this is the classic fast and strong baseline for
 * sentiment and topic classification (the shipped IMDB model of apps/sentiment).
 * Input: token ids [batch, time] (int32) and mask [batch, time] (1 = real token).
 */
import * as tf from '@tensorflow/tfjs-core';
import { childSeed, Rng } from '@tfnlp/core';
import { Module, type ModuleConfig } from '../core/module.js';
import { DEFAULT_SEED } from '../core/seed.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import { maskedMeanPool } from '../layers/pooling.js';

/** Options of `BagClassifier`. */
export interface BagClassifierOptions {
  vocabSize: number;
  embeddingDim: number;
  numClasses: number;
  /** Dropout on the pooled vector (default 0). */
  dropout?: number;
  seed?: number;
}

/**
 * The embedding table: N(0, 1) with row 0 (padding) zero, like `Embedding` with
 * `paddingIdx: 0`; the pooling mask keeps padding out. A table that saved weights are about
 * to overwrite starts as zeros: drawing millions of normal numbers would dominate a CLI's
 * start-up.
 */
export class BagTable extends Module {
  readonly weight: tf.Variable;
  constructor(vocabSize: number, dim: number, seed: number | null) {
    super();
    let init: tf.Tensor2D;
    if (seed === null) {
      init = tf.zeros([vocabSize, dim]);
    } else {
      const w = new Rng(seed).normalArray(vocabSize * dim);
      w.fill(0, 0, dim);
      init = tf.tensor2d(w, [vocabSize, dim]);
    }
    this.weight = this.addParameter('weight', init);
  }
}

/** fastText-style classifier: Embedding -> masked mean over tokens -> dropout -> Dense; ids [B, T] and mask -> logits [B, C]. */
export class BagClassifier extends Module {
  readonly embedding: BagTable;
  readonly dropout: Dropout;
  readonly classifier: Dense;

  /** `forLoading`: weights are loaded next (loadModel), so the table is not drawn at random. */
  constructor(
    readonly options: BagClassifierOptions,
    forLoading = false,
  ) {
    super();
    const seed = options.seed ?? DEFAULT_SEED;
    this.embedding = this.addModule(
      'embedding',
      new BagTable(
        options.vocabSize,
        options.embeddingDim,
        forLoading ? null : childSeed(seed, 'embedding'),
      ),
    );
    this.dropout = this.addModule(
      'dropout',
      new Dropout({ p: options.dropout ?? 0, seed: childSeed(seed, 'dropout') }),
    );
    this.classifier = this.addModule(
      'classifier',
      new Dense({
        inFeatures: options.embeddingDim,
        outFeatures: options.numClasses,
        seed: childSeed(seed, 'classifier'),
      }),
    );
  }

  /** ids [B, T], mask [B, T] -> logits [B, numClasses]. */
  forward(ids: tf.Tensor2D, mask?: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() => {
      const x = tf.gather(this.embedding.weight, ids) as tf.Tensor3D; // [B, T, E]
      const pooled = maskedMeanPool(x, mask); // [B, E]
      return this.classifier.forward(this.dropout.forward(pooled)) as tf.Tensor2D;
    });
  }

  override getConfig(): ModuleConfig {
    return { type: 'BagClassifier', options: { ...this.options } };
  }
}
