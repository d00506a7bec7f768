/**
 * Masks. ONE polarity for the whole library:
 *
 *   mask[b, t] = 1  -> a real token: it is read, pooled and may be attended to;
 *   mask[b, t] = 0  -> padding: ignored.
 *
 * This is the `attention_mask` convention of the tfnlp datasets (and of Hugging Face
 * tokenizers). It is the OPPOSITE of PyTorch's `key_padding_mask` (True = ignore); the
 * parity fixtures convert once, in Python. Masks may be bool, int32 or float32 tensors
 * of shape [batch, time]; padding may sit anywhere, but recurrent layers assume it is at
 * the end (right padding) when they report final states.
 */
import * as tf from '@tensorflow/tfjs-core';

/** A mask as float32 0/1, checked to be [batch, time]. */
export function floatMask(mask: tf.Tensor, batch?: number, time?: number): tf.Tensor2D {
  if (mask.rank !== 2) {
    throw new Error(
      `mask must be [batch, time] with 1 = real token and 0 = padding; got shape [${mask.shape}].`,
    );
  }
  if (
    (batch !== undefined && mask.shape[0] !== batch) ||
    (time !== undefined && mask.shape[1] !== time)
  ) {
    throw new Error(
      `mask shape [${mask.shape}] does not match the input's [batch, time] = [${batch}, ${time}].`,
    );
  }
  return (mask.dtype === 'float32' ? mask : tf.cast(mask, 'float32')) as tf.Tensor2D;
}

/** [batch, maxLength] mask from lengths: 1 for t < length[b]. */
export function lengthsToMask(lengths: number[] | tf.Tensor1D, maxLength?: number): tf.Tensor2D {
  return tf.tidy(() => {
    const lens = Array.isArray(lengths) ? tf.tensor1d(lengths, 'int32') : tf.cast(lengths, 'int32');
    const T =
      maxLength ?? (Array.isArray(lengths) ? Math.max(0, ...lengths) : tf.max(lens).dataSync()[0]!);
    const range = tf.range(0, T, 1, 'int32');
    return tf.cast(
      tf.less(tf.expandDims(range, 0), tf.expandDims(lens, 1)),
      'float32',
    ) as tf.Tensor2D;
  });
}

/**
 * Causal ("look-ahead") mask [time, time]: 1 where key position <= query position.
 */
export function causalMask(time: number): tf.Tensor2D {
  return tf.linalg.bandPart(tf.ones([time, time]), -1, 0) as tf.Tensor2D;
}

/** Additive attention bias from a 0/1 mask: 0 where allowed, -1e9 where masked. */
export function maskToBias(mask: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(tf.sub(1, floatMaskAny(mask)), -1e9));
}

function floatMaskAny(mask: tf.Tensor): tf.Tensor {
  return mask.dtype === 'float32' ? mask : tf.cast(mask, 'float32');
}
