import * as tf from '@tensorflow/tfjs-core';

/** Global L2 norm of all gradients: sqrt(sum over tensors of sum(g^2)). A scalar tensor. */
export function globalNorm(grads: Iterable<tf.Tensor>): tf.Scalar {
  return tf.tidy(() => {
    const squares = [...grads].map((g) => tf.sum(tf.square(g)));
    if (squares.length === 0) return tf.scalar(0);
    return tf.sqrt(tf.addN(squares)) as tf.Scalar;
  });
}

/**
 * Global-norm clipping, as `torch.nn.utils.clip_grad_norm_`: every gradient is multiplied by
 * min(1, maxNorm / (norm + 1e-6)), so the direction is kept and the global norm is at most
 * maxNorm. Returns new tensors (the caller disposes them and the inputs) and the norm before
 * clipping.
 */
export function clipByGlobalNorm(
  grads: ReadonlyMap<string, tf.Tensor>,
  maxNorm: number,
): { grads: Map<string, tf.Tensor>; norm: tf.Scalar } {
  if (!(maxNorm > 0)) {
    throw new Error(`clipByGlobalNorm: maxNorm must be > 0, got ${maxNorm}.`);
  }
  const clipped = new Map<string, tf.Tensor>();
  const norm = globalNorm(grads.values());
  tf.tidy(() => {
    const coef = tf.minimum(tf.div(maxNorm, tf.add(norm, 1e-6)), 1);
    // tidy does not look into Maps: keep the results explicitly.
    for (const [name, g] of grads) clipped.set(name, tf.keep(tf.mul(g, coef)));
  });
  return { grads: clipped, norm };
}
