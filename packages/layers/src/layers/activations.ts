/** Activation functions (pure functions of a tensor) and a by-name lookup. */
import * as tf from '@tensorflow/tfjs-core';

/** Kernel name of the fused GELU (see @tfnlp/backend-wasm); looked up, not imported. */
const FUSED_GELU = 'TfnlpGelu';

/** The fused GELU kernel's output where the backend has it (one SIMD pass each way), else null. */
function fusedGelu(x: tf.Tensor, approximate: 'none' | 'tanh'): tf.Tensor | null {
  if (x.dtype !== 'float32' || tf.getKernel(FUSED_GELU, tf.getBackend()) === undefined) return null;
  return tf.engine().runKernel(FUSED_GELU, { x }, {
    approximate,
  } as unknown as tf.NamedAttrMap) as tf.Tensor;
}

/** max(x, 0). */
export function relu(x: tf.Tensor): tf.Tensor {
  return tf.relu(x);
}

/** GELU, exact: 0.5 x (1 + erf(x / sqrt 2)). PyTorch `gelu(approximate='none')`. */
export function gelu(x: tf.Tensor): tf.Tensor {
  const fused = fusedGelu(x, 'none');
  if (fused) return fused;
  return tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2)))));
}

/** GELU, tanh approximation. PyTorch `gelu(approximate='tanh')`. Uses x*x*x, not pow (slow on wasm). */
export function geluTanh(x: tf.Tensor): tf.Tensor {
  const fused = fusedGelu(x, 'tanh');
  if (fused) return fused;
  return tf.tidy(() => {
    const cube = tf.mul(tf.mul(x, x), x);
    const inner = tf.mul(tf.add(x, tf.mul(cube, 0.044715)), Math.sqrt(2 / Math.PI));
    return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(inner)));
  });
}

/** Hyperbolic tangent. */
export function tanh(x: tf.Tensor): tf.Tensor {
  return tf.tanh(x);
}

/** Logistic sigmoid 1 / (1 + e^-x). */
export function sigmoid(x: tf.Tensor): tf.Tensor {
  return tf.sigmoid(x);
}

/** Activation names accepted by `getActivation` and the layers' `activation` options. */
export type ActivationName = 'relu' | 'gelu' | 'gelu_tanh' | 'tanh' | 'sigmoid';

const ACTIVATIONS: Record<ActivationName, (x: tf.Tensor) => tf.Tensor> = {
  relu,
  gelu,
  gelu_tanh: geluTanh,
  tanh,
  sigmoid,
};

/** The activation function of `name`; throws for an unknown name. */
export function getActivation(name: ActivationName): (x: tf.Tensor) => tf.Tensor {
  const f = ACTIVATIONS[name];
  if (!f) {
    throw new Error(
      `Unknown activation '${name}'; use one of ${Object.keys(ACTIVATIONS).join(', ')}.`,
    );
  }
  return f;
}
