import * as tf from '@tensorflow/tfjs-core';
import { LAYER_NORM } from '../kernels/LayerNorm.js';

/**
 * LayerNorm over the last axis, PyTorch's `nn.functional.layer_norm(x, [d], gamma, beta, eps)`
 * (biased variance): the fused TfnlpLayerNorm kernel where the active backend has it, else
 * the same math in plain ops. Differentiable in x, gamma and beta.
 *
 * @param x      [..., d]
 * @param gamma  [d] (default ones)
 * @param beta   [d] (default zeros)
 * @returns      [..., d]
 */
export function fusedLayerNorm(
  x: tf.Tensor,
  gamma?: tf.Tensor1D,
  beta?: tf.Tensor1D,
  eps = 1e-5,
): tf.Tensor {
  return tf.tidy(() => {
    const d = x.shape[x.rank - 1]!;
    const g = gamma ?? tf.ones([d]);
    const b = beta ?? tf.zeros([d]);
    if (hasFusedLayerNorm(tf.getBackend())) {
      // stats [rows, 2] is kept by the tape when a gradient is recorded; tidy frees ours.
      const [y] = tf.engine().runKernel(LAYER_NORM, { x, gamma: g, beta: b }, {
        eps,
      } as unknown as tf.NamedAttrMap) as tf.Tensor[];
      return y!;
    }
    const mean = tf.mean(x, -1, true);
    const centered = tf.sub(x, mean);
    const variance = tf.mean(tf.mul(centered, centered), -1, true);
    return tf.add(tf.mul(tf.mul(centered, tf.rsqrt(tf.add(variance, eps))), g), b);
  });
}

/** Whether the fused LayerNorm kernel exists on `backendName` (layers fall back if not). */
export function hasFusedLayerNorm(backendName: string): boolean {
  return tf.getKernel(LAYER_NORM, backendName) !== undefined;
}
