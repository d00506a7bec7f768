/** Activation functions (pure functions of a tensor) and a by-name lookup. */
import * as tf from '@tensorflow/tfjs-core';

/** max(x, 0). */
export function relu(x: tf.Tensor): tf.Tensor {
  return tf.relu(x);
}

/** GELU, exact: 0.5 x (1 + erf(x / sqrt 2)). PyTorch `gelu(approximate='none')`. */
export function gelu(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2)))));
}

/** GELU, tanh approximation. PyTorch `gelu(approximate='tanh')`. Uses x*x*x, not pow (slow on wasm). */
export function geluTanh(x: tf.Tensor): tf.Tensor {
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
