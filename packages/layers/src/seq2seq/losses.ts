/** Token-level losses for sequence models. */
import * as tf from '@tensorflow/tfjs-core';
import { floatMask } from '../core/mask.js';

/**
 * Mean cross-entropy over real target tokens.
 * logits [batch, time, vocab], targets int32 [batch, time], mask [batch, time] (1 = real;
 * all ones if omitted) -> scalar.
 */
export function sequenceCrossEntropy(
  logits: tf.Tensor3D,
  targets: tf.Tensor2D,
  mask?: tf.Tensor,
): tf.Scalar {
  const [B, T, V] = logits.shape;
  if (targets.shape[0] !== B || targets.shape[1] !== T) {
    throw new Error(
      `sequenceCrossEntropy: targets [${targets.shape}] do not match logits [batch, time] = [${B}, ${T}].`,
    );
  }
  return tf.tidy(() => {
    const logp = tf.logSoftmax(logits); // [B, T, V]
    const nll = tf.neg(tf.sum(tf.mul(logp, tf.oneHot(tf.cast(targets, 'int32'), V)), 2)); // [B, T]
    if (!mask) return tf.mean(nll) as tf.Scalar;
    const m = floatMask(mask, B, T);
    return tf.div(tf.sum(tf.mul(nll, m)), tf.maximum(tf.sum(m), 1)) as tf.Scalar;
  });
}
