import * as tf from '@tensorflow/tfjs-core';
import { type BaseOptimizerOptions, Optimizer } from './optimizer.js';

/** Options of `SGD`. */
export interface SGDOptions extends BaseOptimizerOptions {
  /** Momentum factor (default 0: plain SGD). */
  momentum?: number;
  /** Dampening of the momentum (default 0). */
  dampening?: number;
  /** Nesterov momentum (needs momentum > 0 and dampening 0). */
  nesterov?: boolean;
}

/**
 * Stochastic gradient descent, step for step `torch.optim.SGD`:
 *   d = g + wd * p;  b = d (first step) | momentum * b + (1 - dampening) * d;
 *   d = nesterov ? d + momentum * b : b;  p = p - lr * d
 * Weight decay (L2, added to the gradient) only applies where the decay filter says so.
 */
export class SGD extends Optimizer {
  readonly kind = 'sgd';
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;

  constructor(options: SGDOptions) {
    super(options);
    this.momentum = options.momentum ?? 0;
    this.dampening = options.dampening ?? 0;
    this.nesterov = options.nesterov ?? false;
    if (this.nesterov && (this.momentum <= 0 || this.dampening !== 0)) {
      throw new Error('SGD: nesterov needs momentum > 0 and dampening 0.');
    }
  }

  protected hyper() {
    return {
      momentum: this.momentum,
      dampening: this.dampening,
      nesterov: this.nesterov,
      weightDecay: this.weightDecay,
    };
  }

  protected update(
    name: string,
    param: tf.Variable,
    grad: tf.Tensor,
    _step: number,
    weightDecay: number,
  ): void {
    let d = weightDecay !== 0 ? tf.add(grad, tf.mul(param, weightDecay)) : grad;
    if (this.momentum !== 0) {
      let buf: tf.Variable;
      if (!this.hasSlot(name, 'momentum_buffer')) {
        buf = this.slot(name, 'momentum_buffer', d, tf.clone(d));
      } else {
        buf = this.slot(name, 'momentum_buffer', d);
        buf.assign(tf.add(tf.mul(buf, this.momentum), tf.mul(d, 1 - this.dampening)));
      }
      d = this.nesterov ? tf.add(d, tf.mul(buf, this.momentum)) : buf;
    }
    param.assign(tf.sub(param, tf.mul(d, this.lr)));
  }
}
