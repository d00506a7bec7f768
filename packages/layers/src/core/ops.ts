/**
 * The few compound ops every layer goes through. They are the swap points for fused
 * kernels: replace the body, keep the signature.
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * y = x @ W^T + b with W in PyTorch layout [out, in]; x is [..., in], y is [..., out].
 * The transpose of W is materialised (cheap, W is small) so the matMul is a plain
 * untransposed 2-D product, XNNPACK's fast path on wasm (see tfjs-wasm-facts.md).
 */
export function linear(x: tf.Tensor, weight: tf.Tensor, bias?: tf.Tensor | null): tf.Tensor {
  const inF = weight.shape[1]!;
  const outF = weight.shape[0]!;
  if (x.shape[x.rank - 1] !== inF) {
    throw new Error(
      `linear: input's last dimension is ${x.shape[x.rank - 1]}, the weight expects ${inF}.`,
    );
  }
  const lead = x.shape.slice(0, -1);
  const x2 = x.rank === 2 ? x : tf.reshape(x, [-1, inF]); // [N, in]
  let y = tf.matMul(x2, tf.transpose(weight)); // [N, out]
  if (bias) y = tf.add(y, bias);
  return x.rank === 2 ? y : tf.reshape(y, [...lead, outF]);
}

/**
 * Batched a @ b (or a @ b^T) over leading dims: a [..., n, k], b [..., k, m].
 * A transposed b is materialised first (faster than transposeB on stock wasm).
 */
export function bmm(a: tf.Tensor, b: tf.Tensor, transposeB = false): tf.Tensor {
  if (!transposeB) return tf.matMul(a, b);
  const perm = [...Array(b.rank).keys()];
  [perm[b.rank - 2], perm[b.rank - 1]] = [perm[b.rank - 1]!, perm[b.rank - 2]!];
  return tf.matMul(a, tf.transpose(b, perm));
}

/**
 * tf.unstack that also differentiates when the axis has size 1: tfjs's Unpack gradient
 * calls stack(dy) but receives a bare tensor (not an array) for single-output ops, and
 * throws "Argument tensors passed to stack must be a `Tensor[]`".
 */
export function unstack(x: tf.Tensor, axis = 0): tf.Tensor[] {
  return x.shape[axis] === 1 ? [tf.squeeze(x, [axis])] : tf.unstack(x, axis);
}
