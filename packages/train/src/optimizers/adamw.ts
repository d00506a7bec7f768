import * as tf from '@tensorflow/tfjs-core';
import { Adam, type AdamOptions } from './adam.js';

/**
 * AdamW (Loshchilov & Hutter), step for step `torch.optim.AdamW`: before the Adam update,
 * p = p * (1 - lr * wd), decoupled from the gradient. By default only parameters with >= 2
 * dimensions are decayed (not biases, not LayerNorm gains) and embedding tables are not
 * (`decayEmbeddings: true` to decay them; `decayFilter` for any other rule).
 * Default weight decay 0.01, as in PyTorch.
 */
export class AdamW extends Adam {
  override readonly kind: string = 'adamw';

  constructor(options: AdamOptions) {
    super({ ...options, weightDecay: options.weightDecay ?? 0.01 });
  }

  protected override decoupledDecay(): boolean {
    return true;
  }

  /** Decays the parameter itself (p ← p·(1 - lr·wd)) and leaves the gradient unchanged. */
  protected override applyDecay(param: tf.Variable, grad: tf.Tensor, weightDecay: number) {
    if (weightDecay !== 0) param.assign(tf.mul(param, 1 - this.lr * weightDecay));
    return grad;
  }
}
