/** Position information added to token embeddings. Both take x [batch, time, d]. */
import * as tf from '@tensorflow/tfjs-core';
import * as init from '../core/initializers.js';
import { Module, type ModuleConfig } from '../core/module.js';
import { checkMaxLength } from '../core/options.js';
import { DEFAULT_SEED } from '../core/seed.js';

/** The fixed table of "Attention Is All You Need": pe[p, 2i] = sin(p / 10000^(2i/d)), pe[p, 2i+1] = cos(...). */
export function sinusoidalTable(maxLength: number, d: number): tf.Tensor2D {
  const table = new Float32Array(maxLength * d);
  for (let p = 0; p < maxLength; p++) {
    for (let i = 0; i < d; i += 2) {
      const angle = p / 10000 ** (i / d);
      table[p * d + i] = Math.sin(angle);
      if (i + 1 < d) table[p * d + i + 1] = Math.cos(angle);
    }
  }
  return tf.tensor2d(table, [maxLength, d]);
}

/** Options of `SinusoidalPositionalEncoding` and `LearnedPositionalEmbedding`. */
export interface PositionalOptions {
  /** Most positions the table covers (HF `max_position_embeddings`). */
  maxLength: number;
  dModel: number;
  seed?: number;
}

/** x + pe[:T]. No parameters (the table is a constant, not in the state dict). */
export class SinusoidalPositionalEncoding extends Module {
  private readonly table: tf.Tensor2D; // [maxLength, d]

  constructor(readonly options: PositionalOptions) {
    super();
    checkMaxLength(options, 'SinusoidalPositionalEncoding');
    this.table = tf.keep(sinusoidalTable(options.maxLength, options.dModel));
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

/** x + weight[:T], weight [maxLength, d] learned (init N(0, 0.02^2)). */
export class LearnedPositionalEmbedding extends Module {
  readonly weight: tf.Variable;

  constructor(readonly options: PositionalOptions) {
    super();
    checkMaxLength(options, 'LearnedPositionalEmbedding');
    this.weight = this.addParameter(
      'weight',
      init.normal([options.maxLength, options.dModel], 0.02, options.seed ?? DEFAULT_SEED),
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
  const [maxLength, d] = table.shape as [number, number];
  const T = x.shape[1];
  if (x.shape[2] !== d)
    throw new Error(`${who}: input width ${x.shape[2]} differs from dModel ${d}.`);
  if (offset + T > maxLength) {
    throw new Error(
      `${who}: sequence of ${offset + T} positions exceeds maxLength ${maxLength}; build it with a larger maxLength.`,
    );
  }
  return tf.slice(table, [offset, 0], [T, d]); // [T, d], broadcast over batch
}
