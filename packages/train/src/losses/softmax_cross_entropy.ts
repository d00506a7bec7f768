import * as tf from '@tensorflow/tfjs-core';
import type { Labels, Loss, LossValue } from './loss.js';

/** Kernel name of the fused cross-entropy (see @tfnlp/backend-wasm); looked up, not imported. */
const FUSED_SOFTMAX_CROSS_ENTROPY = 'TfnlpSoftmaxCrossEntropy';

/** Options of `SoftmaxCrossEntropy`. */
export interface SoftmaxCrossEntropyOptions {
  /**
   * Label smoothing epsilon in [0, 1): the target is (1 - eps) one-hot + eps / classes
   * (as `torch.nn.CrossEntropyLoss(label_smoothing=eps)` without class weights).
   */
  labelSmoothing?: number;
  /**
   * One weight per class: each example's loss is multiplied by the weight of its true class and
   * the mean divides by the sum of those weights (as PyTorch's `weight` with reduction 'mean').
   */
  classWeights?: ArrayLike<number>;
  /** Examples with this label (default -100, PyTorch's ignore_index) or any negative one count 0. */
  ignoreIndex?: number;
}

/**
 * Softmax cross-entropy from logits [batch, classes] and class ids [batch], numerically stable
 * (log-softmax). Mean over examples (weighted by class weights when given).
 */
export class SoftmaxCrossEntropy implements Loss {
  readonly name = 'softmax_cross_entropy';
  readonly labelSmoothing: number;
  readonly classWeights: Float32Array | undefined;

  constructor(options: SoftmaxCrossEntropyOptions = {}) {
    this.labelSmoothing = options.labelSmoothing ?? 0;
    if (!(this.labelSmoothing >= 0 && this.labelSmoothing < 1)) {
      throw new Error(
        `SoftmaxCrossEntropy: labelSmoothing must be in [0, 1), got ${this.labelSmoothing}.`,
      );
    }
    this.classWeights = options.classWeights ? Float32Array.from(options.classWeights) : undefined;
  }

  compute(logits: tf.Tensor, labels: Labels): LossValue {
    if (logits.rank !== 2) {
      throw new Error(
        `SoftmaxCrossEntropy: logits must be [batch, classes], got [${logits.shape}]; ` +
          'reshape sequence outputs to [batch * time, classes] first.',
      );
    }
    const [batch, classes] = logits.shape as [number, number];
    if (labels.length !== batch) {
      throw new Error(
        `SoftmaxCrossEntropy: ${labels.length} labels for ${batch} rows of logits; ` +
          'one class id per example is needed.',
      );
    }
    if (this.classWeights && this.classWeights.length !== classes) {
      throw new Error(
        `SoftmaxCrossEntropy: ${this.classWeights.length} class weights for ${classes} classes.`,
      );
    }
    const ids = new Int32Array(batch);
    const weights = new Float32Array(batch);
    let total = 0;
    for (let i = 0; i < batch; i++) {
      const y = Number(labels[i]);
      if (y < 0) continue; // ignored: weight 0
      if (!Number.isInteger(y) || y >= classes) {
        throw new Error(
          `SoftmaxCrossEntropy: label ${y} at row ${i} is not a class id in [0, ${classes}).`,
        );
      }
      ids[i] = y;
      weights[i] = this.classWeights ? this.classWeights[y]! : 1;
      total += weights[i]!;
    }
    const eps = this.labelSmoothing;
    if (
      logits.dtype === 'float32' &&
      tf.getKernel(FUSED_SOFTMAX_CROSS_ENTROPY, tf.getBackend()) !== undefined
    ) {
      // One pass per row each way from the class ids: no [batch, classes] target or
      // log-probabilities kept for the tape. Outputs [loss [batch], lse [batch]].
      const sum = tf.tidy(() => {
        const [perExample] = tf
          .engine()
          .runKernel(FUSED_SOFTMAX_CROSS_ENTROPY, { logits, labels: tf.tensor1d(ids, 'int32') }, {
            labelSmoothing: eps,
          } as unknown as tf.NamedAttrMap) as tf.Tensor[];
        return tf.sum(tf.mul(perExample!, tf.tensor1d(weights))) as tf.Scalar;
      });
      return { sum, weight: total };
    }
    // The (smoothed) one-hot targets, built here: the ids are on the CPU already (validated
    // above), and this does not depend on a backend's OneHot (stock wasm's ignores the dtype).
    const smoothed = new Float32Array(batch * classes).fill(eps / classes);
    for (let i = 0; i < batch; i++) smoothed[i * classes + ids[i]!] = 1 - eps + eps / classes;
    const sum = tf.tidy(() => {
      const logp = tf.logSoftmax(logits); // [batch, classes]
      const target = tf.tensor2d(smoothed, [batch, classes]); // [batch, classes]
      const perExample = tf.neg(tf.sum(tf.mul(target, logp), 1)); // [batch]
      return tf.sum(tf.mul(perExample, tf.tensor1d(weights))) as tf.Scalar;
    });
    return { sum, weight: total };
  }
}

/** Functional form: the mean loss as a scalar tensor. */
export function softmaxCrossEntropy(
  logits: tf.Tensor,
  labels: Labels,
  options?: SoftmaxCrossEntropyOptions,
): tf.Scalar {
  const { sum, weight } = new SoftmaxCrossEntropy(options).compute(logits, labels);
  const mean = tf.div(sum, Math.max(weight, 1e-12)) as tf.Scalar;
  sum.dispose();
  return mean;
}
