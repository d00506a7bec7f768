import type * as tf from '@tensorflow/tfjs-core';

/** Labels as the datasets give them: class ids (Int32Array) or multi-hot targets. */
export type Labels = Int32Array | Float32Array | Uint8Array | number[];

/**
 * A loss as a weighted sum and its total weight, so that micro-batches add up exactly:
 * the mean over a (possibly accumulated) batch is sum(all sums) / sum(all weights).
 */
export interface LossValue {
  /** Weighted sum of the per-example (or per-element) losses. A scalar tensor. */
  sum: tf.Scalar;
  /** The normaliser (sum of the example weights). Computed from the labels, on the CPU. */
  weight: number;
}

/** A training loss; the trainer sums its `LossValue`s over micro-batches and divides once. */
export interface Loss {
  readonly name: string;
  /** `logits` [batch, classes] (or [batch] for a binary sigmoid loss). */
  compute(logits: tf.Tensor, labels: Labels): LossValue;
}
