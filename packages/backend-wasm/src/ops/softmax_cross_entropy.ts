import * as tf from '@tensorflow/tfjs-core';
import { SOFTMAX_CROSS_ENTROPY } from '../kernels/SoftmaxCrossEntropy.js';

/**
 * Per-example softmax cross-entropy from logits and class ids, as PyTorch's
 * `cross_entropy(logits, labels, reduction='none', label_smoothing=ε)`; a negative id is
 * ignored (loss 0, no gradient). The fused TfnlpSoftmaxCrossEntropy kernel where the active
 * backend has it, else log-softmax in plain ops. Differentiable in the logits.
 *
 * @param logits  [B, C] float32
 * @param labels  [B] int32 class ids
 * @returns       [B]
 */
export function fusedSoftmaxCrossEntropy(
  logits: tf.Tensor2D,
  labels: tf.Tensor1D,
  labelSmoothing = 0,
): tf.Tensor1D {
  if (hasFusedSoftmaxCrossEntropy(tf.getBackend())) {
    return tf.tidy(() => {
      // lse [B] is kept by the tape when a gradient is recorded; tidy frees ours.
      const [loss] = tf.engine().runKernel(SOFTMAX_CROSS_ENTROPY, { logits, labels }, {
        labelSmoothing,
      } as unknown as tf.NamedAttrMap) as tf.Tensor[];
      return loss as tf.Tensor1D;
    });
  }
  if (!(labelSmoothing >= 0 && labelSmoothing < 1))
    throw new Error(
      `fusedSoftmaxCrossEntropy: labelSmoothing must be in [0, 1), got ${labelSmoothing}.`,
    );
  return tf.tidy(() => {
    const classes = logits.shape[1];
    const valid = tf.cast(tf.greaterEqual(labels, tf.scalar(0, 'int32')), 'float32'); // [B]
    const oneHot = tf.oneHot(tf.maximum(labels, tf.scalar(0, 'int32')), classes, 1, 0, 'float32'); // [B, C]
    const target = tf.add(tf.mul(oneHot, 1 - labelSmoothing), labelSmoothing / classes);
    const perExample = tf.neg(tf.sum(tf.mul(target, tf.logSoftmax(logits)), 1)); // [B]
    return tf.mul(perExample, valid) as tf.Tensor1D;
  });
}

/** Whether the fused softmax cross-entropy kernel exists on `backendName`. */
export function hasFusedSoftmaxCrossEntropy(backendName: string): boolean {
  return tf.getKernel(SOFTMAX_CROSS_ENTROPY, backendName) !== undefined;
}
