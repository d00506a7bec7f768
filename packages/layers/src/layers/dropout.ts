/** Inverted dropout with its own seeded stream: the same seed gives the same masks. */
import * as tf from '@tensorflow/tfjs-core';
import { Module, type ModuleConfig } from '../core/module.js';
import { DEFAULT_SEED, Rng } from '../core/random.js';

export interface DropoutOptions {
  /** Probability of zeroing an element, in [0, 1). */
  p: number;
  seed?: number;
}

export class Dropout extends Module {
  readonly p: number;
  private rng: Rng;

  constructor(readonly options: DropoutOptions) {
    super();
    if (!(options.p >= 0 && options.p < 1)) {
      throw new Error(`Dropout: p must be in [0, 1), got ${options.p}.`);
    }
    this.p = options.p;
    this.rng = new Rng(options.seed ?? DEFAULT_SEED);
  }

  /** Restart the mask stream (e.g. to reproduce a run). */
  reseed(seed: number): void {
    this.rng = new Rng(seed);
  }

  /** Identity in eval mode or when p = 0; otherwise x * keep / (1 - p). */
  forward(x: tf.Tensor): tf.Tensor {
    if (!this.training || this.p === 0) return x;
    const seed = this.rng.nextUint32();
    return tf.tidy(() => {
      // The keep mask depends on no variable, so no gradient is needed through GreaterEqual.
      const keep = tf.cast(
        tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, 'float32', seed), this.p),
        'float32',
      );
      return tf.mul(x, tf.mul(keep, 1 / (1 - this.p)));
    });
  }

  override getConfig(): ModuleConfig {
    return { type: 'Dropout', options: { ...this.options } };
  }
}
