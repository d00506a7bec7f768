import * as tf from '@tensorflow/tfjs-core';

/** @tfnlp/backend-wasm's fused update kernel, used by name when the backend has it. */
const FUSED_ADAM = 'TfnlpAdamUpdate';
const hasFusedAdam = () => tf.getKernel(FUSED_ADAM, tf.getBackend()) !== undefined;

import { type BaseOptimizerOptions, Optimizer } from './optimizer.js';

/** Options of `Adam` and `AdamW` (and their `createOptimizer` configs). */
export interface AdamOptions extends BaseOptimizerOptions {
  /** Default [0.9, 0.999]. */
  betas?: [number, number];
  /** Default 1e-8. */
  eps?: number;
  /** Keep the running maximum of the second moment (Reddi et al.). Default false. */
  amsgrad?: boolean;
}

/**
 * Adam, step for step `torch.optim.Adam` (weight decay is L2: added to the gradient).
 * AdamW extends it with decoupled decay.
 *   m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;  (amsgrad: vmax = max(vmax, v))
 *   p = p - lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 */
export class Adam extends Optimizer {
  readonly kind: string = 'adam';
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly amsgrad: boolean;

  constructor(options: AdamOptions) {
    super(options);
    [this.beta1, this.beta2] = options.betas ?? [0.9, 0.999];
    this.eps = options.eps ?? 1e-8;
    this.amsgrad = options.amsgrad ?? false;
    for (const beta of [this.beta1, this.beta2]) {
      if (!(beta >= 0 && beta < 1)) throw new Error(`${this.kind}: betas must be in [0, 1).`);
    }
  }

  protected hyper() {
    return {
      beta1: this.beta1,
      beta2: this.beta2,
      eps: this.eps,
      amsgrad: this.amsgrad,
      weightDecay: this.weightDecay,
    };
  }

  /** AdamW overrides this: decoupled decay of the parameter, nothing added to the gradient. */
  /** AdamW decays the parameter itself (decoupled); Adam adds wd·p to the gradient. */
  protected decoupledDecay(): boolean {
    return false;
  }

  /** The gradient with Adam's L2 weight decay added (grad + wd·p); AdamW overrides it. */
  protected applyDecay(param: tf.Variable, grad: tf.Tensor, weightDecay: number): tf.Tensor {
    return weightDecay !== 0 ? tf.add(grad, tf.mul(param, weightDecay)) : grad;
  }

  protected update(
    name: string,
    param: tf.Variable,
    grad: tf.Tensor,
    step: number,
    weightDecay: number,
  ): void {
    const m = this.slot(name, 'exp_avg', param);
    const v = this.slot(name, 'exp_avg_sq', param);
    if (!this.amsgrad && param.dtype === 'float32' && hasFusedAdam()) {
      // @tfnlp/backend-wasm's one-pass update: the same arithmetic in the same order.
      const decoupled = this.decoupledDecay();
      const attrs = {
        decay: decoupled && weightDecay !== 0 ? 1 - this.lr * weightDecay : 1,
        l2: decoupled ? 0 : weightDecay,
        beta1: this.beta1,
        beta2: this.beta2,
        eps: this.eps,
        biasCorrection2Sqrt: Math.sqrt(1 - this.beta2 ** step),
        stepSize: this.lr / (1 - this.beta1 ** step),
      };
      const [p2, m2, v2] = tf
        .engine()
        .runKernel(
          FUSED_ADAM,
          { param, grad, m, v },
          attrs as unknown as tf.NamedAttrMap,
        ) as tf.Tensor[];
      param.assign(p2!);
      m.assign(m2!);
      v.assign(v2!);
      return;
    }
    const g = this.applyDecay(param, grad, weightDecay);
    m.assign(tf.add(tf.mul(m, this.beta1), tf.mul(g, 1 - this.beta1)));
    v.assign(tf.add(tf.mul(v, this.beta2), tf.mul(tf.mul(g, 1 - this.beta2), g)));
    const biasCorrection1 = 1 - this.beta1 ** step;
    const biasCorrection2Sqrt = Math.sqrt(1 - this.beta2 ** step);
    const stepSize = this.lr / biasCorrection1;
    let second: tf.Tensor = v;
    if (this.amsgrad) {
      const vmax = this.slot(name, 'max_exp_avg_sq', param);
      vmax.assign(tf.maximum(vmax, v));
      second = vmax;
    }
    const denom = tf.add(tf.div(tf.sqrt(second), biasCorrection2Sqrt), this.eps);
    param.assign(tf.sub(param, tf.mul(tf.div(m, denom), stepSize)));
  }
}
