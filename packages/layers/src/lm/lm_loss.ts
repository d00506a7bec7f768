/** Language-model losses: token cross-entropy with an ignore index, and its shifted causal form. */
import * as tf from '@tensorflow/tfjs-core';

/** PyTorch's (and Hugging Face's) default ignore index for labels. */
export const IGNORE_INDEX = -100;

/**
 * Mean cross-entropy over the tokens whose label is not `ignoreIndex`, PyTorch
 * `F.cross_entropy(logits.view(-1, V), labels.view(-1), ignore_index=-100)`.
 * logits [..., vocab], labels int32 [...] -> scalar (0 when every label is ignored).
 * Only the log-probability of each label is gathered: no [..., vocab] one-hot is built.
 */
export function tokenCrossEntropy(
  logits: tf.Tensor,
  labels: tf.Tensor,
  ignoreIndex = IGNORE_INDEX,
): tf.Scalar {
  const V = logits.shape[logits.rank - 1]!;
  if (!tf.util.arraysEqual(logits.shape.slice(0, -1), labels.shape)) {
    throw new Error(
      `tokenCrossEntropy: labels [${labels.shape}] must match logits [${logits.shape}] without the vocab axis.`,
    );
  }
  return tf.tidy(() => {
    const N = labels.size;
    const lab = tf.reshape(tf.cast(labels, 'int32'), [N]); // [N]
    const valid = tf.notEqual(lab, tf.scalar(ignoreIndex, 'int32')); // [N]
    const safe = tf.where(valid, lab, tf.zerosLike(lab)); // ignored rows read label 0
    const logp = tf.logSoftmax(tf.reshape(logits, [N, V])); // [N, V]
    // Flat index n * V + label[n] into the [N * V] log-probabilities.
    const flatIdx = tf.add(tf.mul(tf.range(0, N, 1, 'int32'), tf.scalar(V, 'int32')), safe);
    const picked = tf.gather(tf.reshape(logp, [N * V]), flatIdx); // [N]
    const w = tf.cast(valid, 'float32');
    return tf.div(tf.neg(tf.sum(tf.mul(picked, w))), tf.maximum(tf.sum(w), 1)) as tf.Scalar;
  });
}

/**
 * Next-token loss of a causal LM, Hugging Face's `labels=` convention: the logits at t predict
 * labels[t + 1] (the shift happens here), labels equal to `ignoreIndex` (e.g. padding) are
 * skipped. logits [batch, time, vocab], labels int32 [batch, time] -> scalar.
 */
export function causalLmLoss(
  logits: tf.Tensor3D,
  labels: tf.Tensor2D,
  ignoreIndex = IGNORE_INDEX,
): tf.Scalar {
  const [B, T, V] = logits.shape;
  if (labels.shape[0] !== B || labels.shape[1] !== T) {
    throw new Error(
      `causalLmLoss: labels [${labels.shape}] must be [batch, time] = [${B}, ${T}] like the logits.`,
    );
  }
  if (T < 2)
    throw new Error('causalLmLoss: sequences need at least 2 tokens to predict a next one.');
  return tf.tidy(() =>
    tokenCrossEntropy(
      tf.slice(logits, [0, 0, 0], [B, T - 1, V]), // [B, T-1, V]
      tf.slice(labels, [0, 1], [B, T - 1]), // [B, T-1]
      ignoreIndex,
    ),
  );
}
