/** Position information added to token embeddings. Both take x [batch, time, d]. */
import * as tf from '@tensorflow/tfjs-core';
import * as init from '../core/initializers.js';
import { Module, type ModuleConfig } from '../core/module.js';
import { DEFAULT_SEED } from '../core/seed.js';

/** The fixed table of "Attention Is All You Need": pe[p, 2i] = sin(p / 10000^(2i/d)), pe[p, 2i+1] = cos(...). */
export function sinusoidalTable(maxLen: number, d: number): tf.Tensor2D {
  const table = new Float32Array(maxLen * d);
  for (let p = 0; p < maxLen; p++) {
    for (let i = 0; i < d; i += 2) {
      const angle = p / 10000 ** (i / d);
      table[p * d + i] = Math.sin(angle);
      if (i + 1 < d) table[p * d + i + 1] = Math.cos(angle);
    }
  }
  return tf.tensor2d(table, [maxLen, d]);
}

/** Options of `SinusoidalPositionalEncoding` and `LearnedPositionalEmbedding`. */
export interface PositionalOptions {
  maxLen: number;
  dModel: number;
  seed?: number;
}

/** x + pe[:T]. No parameters (the table is a constant, not in the state dict). */
export class SinusoidalPositionalEncoding extends Module {
  private readonly table: tf.Tensor2D; // [maxLen, d]

  constructor(readonly options: PositionalOptions) {
    super();
    this.table = tf.keep(sinusoidalTable(options.maxLen, options.dModel));
  }

  /** Offset: position of x's first step (for incremental decoding). */
  forward(x: tf.Tensor3D, offset = 0): tf.Tensor3D {
    return tf.tidy(() =>
      tf.add(x, positions(this.table, x, offset, 'SinusoidalPositionalEncoding')),
    ) as tf.Tensor3D;
  }

  override getConfig(): ModuleConfig {
    return { type: 'SinusoidalPositionalEncoding', options: { ...this.options } };
  }

  override dispose(): void {
    super.dispose();
    this.table.dispose();
  }
}

/** x + weight[:T], weight [maxLen, d] learned (init N(0, 0.02^2)). */
export class LearnedPositionalEmbedding extends Module {
  readonly weight: tf.Variable;

  constructor(readonly options: PositionalOptions) {
    super();
    this.weight = this.addParameter(
      'weight',
      init.normal([options.maxLen, options.dModel], 0.02, options.seed ?? DEFAULT_SEED),
    );
  }

  /** x [B, T, dModel] + the learned vectors of positions offset .. offset + T - 1. */
  forward(x: tf.Tensor3D, offset = 0): tf.Tensor3D {
    return tf.tidy(() =>
      tf.add(x, positions(this.weight, x, offset, 'LearnedPositionalEmbedding')),
    ) as tf.Tensor3D;
  }

  override getConfig(): ModuleConfig {
    return { type: 'LearnedPositionalEmbedding', options: { ...this.options } };
  }
}

function positions(table: tf.Tensor, x: tf.Tensor3D, offset: number, who: string): tf.Tensor {
  const [maxLen, d] = table.shape as [number, number];
  const T = x.shape[1];
  if (x.shape[2] !== d)
    throw new Error(`${who}: input width ${x.shape[2]} differs from dModel ${d}.`);
  if (offset + T > maxLen) {
    throw new Error(
      `${who}: sequence of ${offset + T} positions exceeds maxLen ${maxLen}; build it with a larger maxLen.`,
    );
  }
  return tf.slice(table, [offset, 0], [T, d]); // [T, d], broadcast over batch
}
