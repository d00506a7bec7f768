/** Dense (fully connected) layer: PyTorch `nn.Linear` layout, optional activation. */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@tfnlp/core';
import * as init from '../core/initializers.js';
import { Module, type ModuleConfig } from '../core/module.js';
import { linear } from '../core/ops.js';
import { DEFAULT_SEED } from '../core/seed.js';
import { type ActivationName, getActivation } from './activations.js';

/** Options of `Dense`. */
export interface DenseOptions {
  inFeatures: number;
  outFeatures: number;
  /** Default true. */
  bias?: boolean;
  /** Applied after the affine map; none by default. */
  activation?: ActivationName;
  /** Initialisation seed (default 42). */
  seed?: number;
}

/**
 * y = act(x @ W^T + b). Parameters: `weight` [out, in], `bias` [out]; both initialised
 * U(-1/sqrt(in), 1/sqrt(in)) like PyTorch.
 */
export class Dense extends Module {
  readonly weight: tf.Variable; // [out, in]
  readonly bias: tf.Variable | null; // [out]
  private readonly act: ((x: tf.Tensor) => tf.Tensor) | null;

  constructor(readonly options: DenseOptions) {
    super();
    const { inFeatures, outFeatures } = options;
    if (!(inFeatures > 0 && outFeatures > 0)) {
      throw new Error(
        `Dense: inFeatures and outFeatures must be positive, got ${inFeatures}, ${outFeatures}.`,
      );
    }
    const rng = new Rng(options.seed ?? DEFAULT_SEED);
    const bound = 1 / Math.sqrt(inFeatures);
    this.weight = this.addParameter('weight', init.uniform([outFeatures, inFeatures], bound, rng));
    this.bias =
      options.bias === false
        ? null
        : this.addParameter('bias', init.uniform([outFeatures], bound, rng));
    this.act = options.activation ? getActivation(options.activation) : null;
  }

  /** x: [..., in] -> [..., out] */
  forward(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const y = linear(x, this.weight, this.bias);
      return this.act ? this.act(y) : y;
    });
  }

  override getConfig(): ModuleConfig {
    return { type: 'Dense', options: { ...this.options } };
  }
}
