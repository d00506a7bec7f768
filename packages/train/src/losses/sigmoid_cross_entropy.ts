import * as tf from '@tensorflow/tfjs-core';
import type { Labels, Loss, LossValue } from './loss.js';

/** Options of `SigmoidCrossEntropy`. */
export interface SigmoidCrossEntropyOptions {
  /** Targets z become z (1 - eps) + eps / 2. */
  labelSmoothing?: number;
  /** One weight per class (column); multiplies that column's losses (PyTorch's `weight`). */
  classWeights?: ArrayLike<number>;
}

/**
 * Sigmoid (binary / multi-label) cross-entropy from logits [batch, classes] (or [batch]) and
 * 0/1 targets of the same size, row-major. Stable form max(x, 0) - x z + log(1 + exp(-|x|)).
 * Mean over all elements, as `torch.nn.BCEWithLogitsLoss` with reduction 'mean'.
 */
export class SigmoidCrossEntropy implements Loss {
  readonly name = 'sigmoid_cross_entropy';
  readonly labelSmoothing: number;
  readonly classWeights: Float32Array | undefined;

  constructor(options: SigmoidCrossEntropyOptions = {}) {
    this.labelSmoothing = options.labelSmoothing ?? 0;
    if (!(this.labelSmoothing >= 0 && this.labelSmoothing < 1)) {
      throw new Error(
        `SigmoidCrossEntropy: labelSmoothing must be in [0, 1), got ${this.labelSmoothing}.`,
      );
    }
    this.classWeights = options.classWeights ? Float32Array.from(options.classWeights) : undefined;
  }

  compute(logits: tf.Tensor, labels: Labels): LossValue {
    if (labels.length !== logits.size) {
      throw new Error(
        `SigmoidCrossEntropy: ${labels.length} targets for logits of shape [${logits.shape}] ` +
          `(${logits.size} values); give one 0/1 target per logit.`,
      );
    }
    const classes = logits.rank === 1 ? 1 : logits.shape[logits.rank - 1]!;
    if (this.classWeights && this.classWeights.length !== classes) {
      throw new Error(
        `SigmoidCrossEntropy: ${this.classWeights.length} class weights for ${classes} classes.`,
      );
    }
    const eps = this.labelSmoothing;
    const z = Float32Array.from(labels as ArrayLike<number>, (v) => v * (1 - eps) + eps / 2);
    const sum = tf.tidy(() => {
      const x = logits;
      const target = tf.tensor(z, logits.shape);
      let elems = tf.add(
        tf.sub(tf.relu(x), tf.mul(x, target)),
        tf.log1p(tf.exp(tf.neg(tf.abs(x)))),
      );
      if (this.classWeights) elems = tf.mul(elems, tf.tensor1d(this.classWeights));
      return tf.sum(elems) as tf.Scalar;
    });
    return { sum, weight: logits.size };
  }
}

/** Functional form: the mean loss as a scalar tensor. */
export function sigmoidCrossEntropy(
  logits: tf.Tensor,
  labels: Labels,
  options?: SigmoidCrossEntropyOptions,
): tf.Scalar {
  const { sum, weight } = new SigmoidCrossEntropy(options).compute(logits, labels);
  const mean = tf.div(sum, weight) as tf.Scalar;
  sum.dispose();
  return mean;
}
