/** Inverted dropout with its own seeded stream: the same seed gives the same masks. */
import * as tf from '@tensorflow/tfjs-core';
import { childSeed, Rng } from '@tfnlp/core';
import { Module, type ModuleConfig } from '../core/module.js';
import { DEFAULT_SEED } from '../core/seed.js';

/** Kernel name of the dropout-mask kernel (see @tfnlp/backend-wasm). */
const DROPOUT_MASK = 'TfnlpDropoutMask';

/** Options of `Dropout`. */
export interface DropoutOptions {
  /** Probability of zeroing an element, in [0, 1). */
  p: number;
  seed?: number;
}

/** Inverted dropout with its own seeded stream (same seed, same masks); identity in eval mode. */
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

  /** The next seed of this layer's mask stream, for kernels that draw their own mask. */
  nextSeed(): number {
    return this.rng.nextUint32();
  }

  /** Restart the mask stream (e.g. to reproduce a run). */
  reseed(seed: number): void {
    this.rng = new Rng(seed);
  }

  /** Identity in eval mode or when p = 0; otherwise x * keep / (1 - p). */
  forward(x: tf.Tensor): tf.Tensor {
    if (!this.training || this.p === 0) return x;
    const seed = this.rng.nextUint32();
    if (tf.getKernel(DROPOUT_MASK, tf.getBackend()) !== undefined) {
      // One SIMD pass makes the scaled mask (@tfnlp/backend-wasm); tfjs's randomUniform draws
      // in JavaScript, ~200 ms for a [32, 256, 512] activation.
      return tf.tidy(() => {
        const attrs = { shape: x.shape, rate: this.p, seed } as unknown as tf.NamedAttrMap;
        return tf.mul(x, tf.engine().runKernel(DROPOUT_MASK, {}, attrs) as tf.Tensor);
      });
    }
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

/**
 * Restarts every Dropout stream in `module` from `seed` (each layer from a seed derived from its
 * path). Call it with the trainer's per-step seed (`ctx.seed`) before a training forward: the
 * masks then follow the trainer's checkpointed generator (exact resume) and differ between
 * data-parallel replicas, instead of each layer's own counter deciding them.
 */
export function reseedDropout(module: Module, seed: number): void {
  for (const [path, m] of module.namedModules()) {
    if (m instanceof Dropout) m.reseed(childSeed(seed, path));
  }
}
