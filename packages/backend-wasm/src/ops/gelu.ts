import * as tf from '@tensorflow/tfjs-core';
import { GELU, type GeluApproximate } from '../kernels/Gelu.js';

/**
 * GELU as PyTorch's `gelu(x, approximate)`: 'none' = x/2 · (1 + erf(x/√2)), 'tanh' =
 * x/2 · (1 + tanh(√(2/π)(x + 0.044715 x³))). The fused TfnlpGelu kernel where the active
 * backend has it, else the same formula in plain ops. Differentiable.
 */
export function fusedGelu(x: tf.Tensor, approximate: GeluApproximate = 'none'): tf.Tensor {
  if (approximate !== 'none' && approximate !== 'tanh')
    throw new Error(`fusedGelu: approximate must be 'none' or 'tanh', got '${approximate}'.`);
  if (hasFusedGelu(tf.getBackend())) {
    return tf.engine().runKernel(GELU, { x }, {
      approximate,
    } as unknown as tf.NamedAttrMap) as tf.Tensor;
  }
  return tf.tidy(() => {
    if (approximate === 'tanh') {
      const cube = tf.mul(tf.mul(x, x), x);
      const inner = tf.mul(tf.add(x, tf.mul(cube, 0.044715)), Math.sqrt(2 / Math.PI));
      return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(inner)));
    }
    return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));
  });
}

/** Whether the fused GELU kernel exists on `backendName`. */
export function hasFusedGelu(backendName: string): boolean {
  return tf.getKernel(GELU, backendName) !== undefined;
}
