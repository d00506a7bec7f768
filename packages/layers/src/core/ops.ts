/**
 * The few compound ops every layer goes through. They are the swap points for fused
 * kernels: replace the body, keep the signature.
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * y = x @ W^T + b with W in PyTorch layout [out, in]; x is [..., in], y is [..., out].
 *
 * Stock tfjs-backend-wasm runs a matMul fast (XNNPACK) only when it is a plain 2-D product
 * without transposes; the built-in MatMul gradient uses transposed products, which fall
 * to a scalar loop (see tfjs-wasm-facts.md). So the forward materialises W^T (small) and
 * the custom gradient materialises dy^T, keeping all three products untransposed:
 *   y = x W^T + b,   dx = dy W,   dW = dy^T x,   db = sum_rows(dy).
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
  const x2 = x.rank === 2 ? x : tf.reshape(x, [-1, inF]); // [N, in]
  const y = bias ? linearWithBias(x2, weight, bias) : linearNoBias(x2, weight); // [N, out]
  return x.rank === 2 ? y : tf.reshape(y, [...lead, outF]);
}

const linearWithBias = tf.customGrad((x, w, b, save) => {
  (save as tf.GradSaveFunc)([x as tf.Tensor, w as tf.Tensor]);
  return {
    value: tf.add(tf.matMul(x as tf.Tensor2D, tf.transpose(w as tf.Tensor2D)), b as tf.Tensor),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
      const g = dy as tf.Tensor2D;
      return [tf.matMul(g, ws), tf.matMul(tf.transpose(g), xs), tf.sum(g, 0)];
    },
  };
}) as (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.Tensor;

const linearNoBias = tf.customGrad((x, w, save) => {
  (save as unknown as tf.GradSaveFunc)([x as tf.Tensor, w as tf.Tensor]);
  return {
    value: tf.matMul(x as tf.Tensor2D, tf.transpose(w as tf.Tensor2D)),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
      const g = dy as tf.Tensor2D;
      return [tf.matMul(g, ws), tf.matMul(tf.transpose(g), xs)];
    },
  };
}) as (x: tf.Tensor, w: tf.Tensor) => tf.Tensor;

/**
 * 2-D a @ b whose gradient uses only untransposed products (dA = dy b^T, dB = a^T dy with
 * the transposes materialised): tfjs's MatMul gradient uses transposeA/B, which stock wasm
 * runs in a scalar loop. Used for the per-step recurrent products h @ W_hh^T.
 */
export const mm = tf.customGrad((a, b, save) => {
  (save as unknown as tf.GradSaveFunc)([a as tf.Tensor, b as tf.Tensor]);
  return {
    value: tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [as, bs] = saved as [tf.Tensor2D, tf.Tensor2D];
      const g = dy as tf.Tensor2D;
      return [tf.matMul(g, tf.transpose(bs)), tf.matMul(tf.transpose(as), g)];
    },
  };
}) as (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;

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
