/** Layer normalisation over the last dimension, PyTorch `nn.LayerNorm(dim)`. */
import * as tf from '@tensorflow/tfjs-core';
import * as init from '../core/initializers.js';
import { Module, type ModuleConfig } from '../core/module.js';

/** Options of `LayerNorm`. */
export interface LayerNormOptions {
  dim: number;
  /** Default 1e-5 (PyTorch). */
  eps?: number;
  /** Learnable weight and bias (default true). */
  elementwiseAffine?: boolean;
}

/** Layer normalisation over the last dimension, PyTorch `nn.LayerNorm(dim)`. */
export class LayerNorm extends Module {
  readonly weight: tf.Variable | null; // [dim]
  readonly bias: tf.Variable | null; // [dim]
  readonly eps: number;

  constructor(readonly options: LayerNormOptions) {
    super();
    this.eps = options.eps ?? 1e-5;
    const affine = options.elementwiseAffine ?? true;
    this.weight = affine ? this.addParameter('weight', init.ones([options.dim])) : null;
    this.bias = affine ? this.addParameter('bias', init.zeros([options.dim])) : null;
  }

  /** x: [..., dim] -> [..., dim] */
  forward(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const axis = x.rank - 1;
      const mean = tf.mean(x, axis, true);
      const centered = tf.sub(x, mean);
      const variance = tf.mean(tf.mul(centered, centered), axis, true); // biased, like PyTorch
      let y = tf.mul(centered, tf.rsqrt(tf.add(variance, this.eps)));
      if (this.weight) y = tf.mul(y, this.weight);
      if (this.bias) y = tf.add(y, this.bias);
      return y;
    });
  }

  override getConfig(): ModuleConfig {
    return { type: 'LayerNorm', options: { ...this.options } };
  }
}
