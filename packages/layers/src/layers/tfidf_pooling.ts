/**
 * TF-IDF pooling: [batch, time, dim] -> [batch, dim], a weighted mean of the positions where
 * each token's weight makes the pooled vector a sublinear TF-IDF average:
 *
 *   w[b, t] = idf[ids[b, t]] * (1 + ln c) / c     c = how often ids[b, t] occurs in row b
 *   pooled[b] = sum_t w[b, t] * x[b, t] / sum_t w[b, t]
 *
 * so a word seen c times in a text weighs idf * (1 + ln c) in all, like scikit-learn's
 * `TfidfVectorizer(sublinear_tf=True)`. Rare, topical words outweigh the function words and
 * punctuation that dominate a plain mean over long texts. The idf table is a statistic of the
 * training texts (`inverseDocumentFrequency`), stored as a non-trainable parameter so it is
 * saved and loaded with the weights; a fresh layer holds ones (sublinear-TF mean).
 */
import * as tf from '@tensorflow/tfjs-core';
import { floatMask } from '../core/mask.js';
import { Module, type ModuleConfig } from '../core/module.js';

/** Options of `TfIdfPooling`. */
export interface TfIdfPoolingOptions {
  /** Size of the token-id space (the embedding's `numEmbeddings`). */
  vocabSize: number;
}

/**
 * Smoothed inverse document frequency of every id in `[0, vocabSize)` over `documents`
 * (token-id sequences): ln((1 + n) / (1 + df)) + 1, scikit-learn's `smooth_idf` formula, so an
 * id no document holds still gets a finite (the largest) weight.
 */
export function inverseDocumentFrequency(
  documents: Iterable<ArrayLike<number>>,
  vocabSize: number,
): Float32Array {
  const df = new Float64Array(vocabSize);
  const seen = new Int32Array(vocabSize).fill(-1);
  let n = 0;
  for (const doc of documents) {
    for (let i = 0; i < doc.length; i++) {
      const id = doc[i]!;
      if (!(id >= 0 && id < vocabSize) || !Number.isInteger(id)) {
        throw new Error(`inverseDocumentFrequency: token id ${id} is outside [0, ${vocabSize}).`);
      }
      if (seen[id] !== n) {
        seen[id] = n;
        df[id]!++;
      }
    }
    n++;
  }
  return Float32Array.from(df, (d) => Math.log((1 + n) / (1 + d)) + 1);
}

/**
 * (1 + ln c) / c for every real position (c = occurrences of its id among the row's real
 * positions), 0 for padding: row-major [rows, cols].
 */
function sublinearTermWeights(
  ids: ArrayLike<number>,
  mask: ArrayLike<number>,
  rows: number,
  cols: number,
): Float32Array {
  const out = new Float32Array(rows * cols);
  const counts = new Map<number, number>();
  for (let r = 0; r < rows; r++) {
    counts.clear();
    const base = r * cols;
    for (let t = 0; t < cols; t++) {
      if (mask[base + t] !== 0) counts.set(ids[base + t]!, (counts.get(ids[base + t]!) ?? 0) + 1);
    }
    for (let t = 0; t < cols; t++) {
      if (mask[base + t] === 0) continue;
      const c = counts.get(ids[base + t]!)!;
      out[base + t] = (1 + Math.log(c)) / c;
    }
  }
  return out;
}

/** Sublinear TF-IDF weighted mean over the real tokens of each row; see the file comment. */
export class TfIdfPooling extends Module {
  /** [vocabSize] inverse document frequencies (not trained). */
  readonly idf: tf.Variable;

  constructor(readonly options: TfIdfPoolingOptions) {
    super();
    this.idf = this.addParameter('idf', tf.ones([options.vocabSize]), false);
  }

  /** Sets the idf table, e.g. `inverseDocumentFrequency(trainIds, vocabSize)`. */
  setIdf(values: Float32Array | number[]): void {
    if (values.length !== this.options.vocabSize) {
      throw new Error(
        `TfIdfPooling.setIdf: got ${values.length} values for a vocabulary of ${this.options.vocabSize}.`,
      );
    }
    if (!Array.from(values).every((v) => Number.isFinite(v) && v > 0)) {
      throw new Error('TfIdfPooling.setIdf: idf values must be finite and > 0.');
    }
    this.idf.assign(tf.tensor1d(values, 'float32'));
  }

  /**
   * The pooling weight of each position, [batch, time] (0 on padding; not normalised).
   * ids: int32 [batch, time]; mask [batch, time] (1 = real token).
   */
  weights(ids: tf.Tensor2D, mask?: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() => {
      const [B, T] = ids.shape;
      const m = mask ? floatMask(mask, B, T) : tf.ones([B, T]); // [B, T]
      // The counts need no gradient; reading the ids on the CPU (free on wasm/cpu, where the
      // data already lives) is ~100x cheaper than a [B, T, T] comparison for 256-token texts.
      const tfWeight = tf.tensor2d(sublinearTermWeights(ids.dataSync(), m.dataSync(), B, T), [
        B,
        T,
      ]);
      return tf.mul(tf.gather(this.idf, ids), tfWeight) as tf.Tensor2D;
    });
  }

  /** x [batch, time, dim], ids [batch, time], mask -> [batch, dim]. A row with no real token gives zeros. */
  forward(x: tf.Tensor3D, ids: tf.Tensor2D, mask?: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() => {
      const w = this.weights(ids, mask); // [B, T]
      const total = tf.maximum(tf.sum(w, 1, true), 1e-9); // [B, 1]
      return tf.div(tf.sum(tf.mul(x, tf.expandDims(w, 2)), 1), total) as tf.Tensor2D;
    });
  }

  override getConfig(): ModuleConfig {
    return { type: 'TfIdfPooling', options: { ...this.options } };
  }
}
