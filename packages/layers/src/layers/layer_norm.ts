/** Layer normalisation over the last dimension, PyTorch `nn.LayerNorm(dim)`. */
import * as tf from '@tensorflow/tfjs-core';
import * as init from '../core/initializers.js';
import { Module, type ModuleConfig } from '../core/module.js';

/** Kernel name of the fused LayerNorm (see @tfnlp/backend-wasm); looked up, not imported. */
const FUSED_LAYER_NORM = 'TfnlpLayerNorm';

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
      if (x.dtype === 'float32' && tf.getKernel(FUSED_LAYER_NORM, tf.getBackend()) !== undefined) {
        // One SIMD pass each way instead of ~8 kernels forward and ~20 backward. Outputs
        // [y, stats [rows, 2]]; the tape keeps stats for the backward, tidy frees ours.
        const [y] = tf.engine().runKernel(
          FUSED_LAYER_NORM,
          {
            x,
            gamma: this.weight ?? tf.ones([this.options.dim]),
            beta: this.bias ?? tf.zeros([this.options.dim]),
          },
          { eps: this.eps } as unknown as tf.NamedAttrMap,
        ) as tf.Tensor[];
        return y!;
      }
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
