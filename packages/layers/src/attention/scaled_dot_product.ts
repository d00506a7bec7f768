/**
 * Scaled dot-product attention: softmax(q k^T / sqrt(d) + bias) v.
 *
 * Masks follow the library convention (1 = may attend, 0 = masked), see core/mask.ts.
 * They are turned into an additive bias of 0 / -1e9 (not -inf), so a row with every key
 * masked gives a uniform average instead of NaN.
 */
import * as tf from '@tensorflow/tfjs-core';
import { maskToBias } from '../core/mask.js';
import { bmm } from '../core/ops.js';

/** Masks of an attention call; both use 1 = may attend, 0 = masked. */
export interface AttentionMasks {
  /** `[batch, keyTime]`: 1 = real key, 0 = padding. */
  keyMask?: tf.Tensor;
  /** [queryTime, keyTime] (or [batch, queryTime, keyTime]): 1 = may attend, e.g. `causalMask(T)`. */
  attnMask?: tf.Tensor;
}

/**
 * The additive bias for scores of shape [batch, heads, Tq, Tk], or null without masks.
 * Built from constants only, so it needs no gradient.
 */
export function attentionBias(masks: AttentionMasks): tf.Tensor | null {
  const { keyMask, attnMask } = masks;
  if (!keyMask && !attnMask) return null;
  return tf.tidy(() => {
    let bias: tf.Tensor | null = null;
    if (keyMask) {
      if (keyMask.rank !== 2)
        throw new Error(`keyMask must be [batch, keyTime], got [${keyMask.shape}].`);
      const [B, Tk] = keyMask.shape as [number, number];
      bias = tf.reshape(maskToBias(keyMask), [B, 1, 1, Tk]);
    }
    if (attnMask) {
      if (attnMask.rank !== 2 && attnMask.rank !== 3) {
        throw new Error(
          `attnMask must be [queryTime, keyTime] or [batch, queryTime, keyTime], got [${attnMask.shape}].`,
        );
      }
      const a = maskToBias(attnMask);
      const a4 = attnMask.rank === 2 ? tf.expandDims(tf.expandDims(a, 0), 0) : tf.expandDims(a, 1);
      bias = bias ? tf.add(bias, a4) : a4;
    }
    return bias!;
  });
}

/** Output of `scaledDotProductAttention`: values [B, h, Tq, dv] and attention weights [B, h, Tq, Tk]. */
export interface SdpaResult {
  output: tf.Tensor4D; // [B, h, Tq, dv]
  weights: tf.Tensor4D; // [B, h, Tq, Tk]
}

/**
 * q [B, h, Tq, d], k [B, h, Tk, d], v [B, h, Tk, dv]; `bias` broadcastable to
 * [B, h, Tq, Tk] (see attentionBias); `dropout` is applied to the weights.
 */
export function scaledDotProductAttention(
  q: tf.Tensor4D,
  k: tf.Tensor4D,
  v: tf.Tensor4D,
  bias?: tf.Tensor | null,
  dropout?: (w: tf.Tensor) => tf.Tensor,
): SdpaResult {
  return tf.tidy(() => {
    const [B, h, Tq, d] = q.shape;
    const Tk = k.shape[2];
    // Fold batch and heads into one batch dimension for the matmuls.
    const q3 = tf.reshape(q, [B * h, Tq, d]);
    const k3 = tf.reshape(k, [B * h, Tk, d]);
    const v3 = tf.reshape(v, [B * h, Tk, v.shape[3]]);
    let scores = tf.reshape(bmm(tf.mul(q3, 1 / Math.sqrt(d)), k3, true), [B, h, Tq, Tk]); // [B, h, Tq, Tk]
    if (bias) scores = tf.add(scores, bias);
    const weights = tf.softmax(scores, -1) as tf.Tensor4D;
    const dropped = dropout ? dropout(weights) : weights;
    const out = bmm(tf.reshape(dropped, [B * h, Tq, Tk]), v3); // [B*h, Tq, dv]
    return { output: tf.reshape(out, [B, h, Tq, v.shape[3]]) as tf.Tensor4D, weights };
  });
}
