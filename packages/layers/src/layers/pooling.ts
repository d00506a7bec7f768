/**
 * Sequence pooling: [batch, time, dim] -> [batch, dim]. The mask follows the library
 * convention (1 = real token, 0 = padding; see core/mask.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { floatMask } from '../core/mask.js';

/** Mean over real tokens. A row with no real token gives zeros (not NaN). */
export function maskedMeanPool(x: tf.Tensor3D, mask?: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => {
    if (!mask) return tf.mean(x, 1) as tf.Tensor2D;
    const m = tf.expandDims(floatMask(mask, x.shape[0], x.shape[1]), 2); // [B, T, 1]
    const sum = tf.sum(tf.mul(x, m), 1); // [B, D]
    const count = tf.maximum(tf.sum(m, 1), 1); // [B, 1]
    return tf.div(sum, count) as tf.Tensor2D;
  });
}

/** Max over real tokens. A row with no real token gives zeros. */
export function maskedMaxPool(x: tf.Tensor3D, mask?: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => {
    if (!mask) return tf.max(x, 1) as tf.Tensor2D;
    const m = tf.expandDims(floatMask(mask, x.shape[0], x.shape[1]), 2); // [B, T, 1]
    // Padding gets -1e9 so it never wins; the additive form keeps the gradient simple.
    const pooled = tf.max(tf.add(x, tf.mul(tf.sub(1, m), -1e9)), 1); // [B, D]
    const any = tf.minimum(tf.sum(m, 1), 1); // [B, 1]: 0 for empty rows
    return tf.mul(pooled, any) as tf.Tensor2D;
  });
}

/** The first position (e.g. a [CLS] token): x[:, 0, :]. */
export function firstTokenPool(x: tf.Tensor3D): tf.Tensor2D {
  return tf.tidy(() => tf.squeeze(tf.slice(x, [0, 0, 0], [-1, 1, -1]), [1]) as tf.Tensor2D);
}

/**
 * The last real position of each row: x[b, lastIndex(mask[b]), :]. Needs right padding
 * (mask = 1...1 0...0); without a mask, the last position.
 */
export function lastTokenPool(x: tf.Tensor3D, mask?: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => {
    const [B, T, D] = x.shape;
    if (!mask) return tf.squeeze(tf.slice(x, [0, T - 1, 0], [-1, 1, -1]), [1]) as tf.Tensor2D;
    const lengths = tf.cast(tf.sum(floatMask(mask, B, T), 1), 'int32'); // [B]
    const idx = tf.add(
      tf.range(0, B * T, T, 'int32'),
      tf.maximum(tf.sub(lengths, tf.scalar(1, 'int32')), tf.scalar(0, 'int32')),
    ); // [B]
    return tf.gather(tf.reshape(x, [B * T, D]), idx) as tf.Tensor2D;
  });
}

/** Pooling kinds of `pool`. */
export type PoolingName = 'mean' | 'max' | 'first' | 'last';

/** [B, T, D] -> [B, D] with the named pooling; `mask` (1 = real token) is respected by every kind. */
export function pool(kind: PoolingName, x: tf.Tensor3D, mask?: tf.Tensor): tf.Tensor2D {
  switch (kind) {
    case 'mean':
      return maskedMeanPool(x, mask);
    case 'max':
      return maskedMaxPool(x, mask);
    case 'first':
      return firstTokenPool(x);
    case 'last':
      return lastTokenPool(x, mask);
    default:
      throw new Error(`Unknown pooling '${kind as string}'; use mean, max, first or last.`);
  }
}
