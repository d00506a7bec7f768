/**
 * The few compound ops every layer goes through. They are the swap points for fused
 * kernels: replace the body, keep the signature.
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * y = x @ W^T + b with W in PyTorch layout [out, in]; x is [..., in], y is [..., out].
 * Plain tfjs ops: @tfnlp/backend-wasm's BatchMatMul runs transposed products at full SIMD
 * speed, so neither the forward nor tfjs's gradient needs a workaround.
 */
export function linear(x: tf.Tensor, weight: tf.Tensor, bias?: tf.Tensor | null): tf.Tensor {
  const inF = weight.shape[1]!;
  const outF = weight.shape[0]!;
  if (weight.rank !== 2 || x.shape[x.rank - 1] !== inF) {
    throw new Error(
      `linear: input's last dimension is ${x.shape[x.rank - 1]}, the weight [${weight.shape}] expects ${inF}.`,
    );
  }
  const lead = x.shape.slice(0, -1);
  const x2 = (x.rank === 2 ? x : tf.reshape(x, [-1, inF])) as tf.Tensor2D; // [N, in]
  const xw = tf.matMul(x2, weight as tf.Tensor2D, false, true); // [N, out]
  const y = bias ? tf.add(xw, bias) : xw;
  return x.rank === 2 ? y : tf.reshape(y, [...lead, outF]);
}

/** 2-D a @ b (the per-step recurrent products h @ W_hh^T). */
export function mm(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return tf.matMul(a, b);
}

/** Batched a @ b (or a @ b^T) over leading dims: a [..., n, k], b [..., k, m]. */
export function bmm(a: tf.Tensor, b: tf.Tensor, transposeB = false): tf.Tensor {
  return tf.matMul(a, b, false, transposeB);
}

/**
 * tf.unstack, with two workarounds for tfjs 4.22 (replace the body once a Slice kernel that
 * copies only its part is registered):
 *  - stock wasm's Slice (behind Unpack and SplitV) copies the whole input for every slice,
 *    so unstacking n steps costs O(n^2) copies (a [200, 64, 256] LSTM projection: ~1.5 s).
 *    Splitting into ~sqrt(n) chunks first, recursively, brings that to about O(n^1.5);
 *    the gradients stay O(n) (Concat / Pack).
 *  - tfjs's Unpack gradient receives a bare tensor (not an array) for a size-1 axis and
 *    throws "Argument tensors passed to stack must be a `Tensor[]`"; squeeze instead.
 */
export function unstack(x: tf.Tensor, axis = 0): tf.Tensor[] {
  const n = x.shape[axis]!;
  if (n === 1) return [tf.squeeze(x, [axis])];
  if (n <= 8) return tf.unstack(x, axis);
  const chunk = Math.ceil(Math.sqrt(n));
  const sizes: number[] = [];
  for (let done = 0; done < n; done += chunk) sizes.push(Math.min(chunk, n - done));
  return tf.split(x, sizes, axis).flatMap((part) => unstack(part, axis));
}
