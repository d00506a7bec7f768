/**
 * A stack of encoder layers, PyTorch `nn.TransformerEncoder` layout: `layers.{i}.*` and an
 * optional final `norm` (use it with pre-norm layers).
 */
import * as tf from '@tensorflow/tfjs-core';
import { childSeed } from '@tfnlp/core';
import { Module, type ModuleConfig, ModuleList } from '../core/module.js';
import { DEFAULT_SEED } from '../core/seed.js';
import { LayerNorm } from '../layers/layer_norm.js';
import {
  type EncoderForwardOptions,
  TransformerEncoderLayer,
  type TransformerEncoderLayerOptions,
} from './encoder_layer.js';

/** Options of `TransformerEncoder`. */
export interface TransformerEncoderOptions extends TransformerEncoderLayerOptions {
  numLayers: number;
  /** Final LayerNorm after the stack (default: true when normFirst, else false). */
  finalNorm?: boolean;
  /** Epsilon of the final LayerNorm (default `layerNormEps`). */
  finalNormEps?: number;
}

/** `TransformerEncoder.forward` with `outputAttentions: true` (Hugging Face's names). */
export interface EncoderOutput {
  /** [batch, time, dModel], after the final LayerNorm if any. */
  lastHiddenState: tf.Tensor3D;
  /** One per layer, bottom first: self-attention weights per head, [batch, heads, time, time]. */
  attentions: tf.Tensor4D[];
}

/** A stack of `TransformerEncoderLayer`s with an optional final LayerNorm, PyTorch `nn.TransformerEncoder`. */
export class TransformerEncoder extends Module {
  readonly layers: ModuleList<TransformerEncoderLayer>;
  readonly norm: LayerNorm | null;

  constructor(readonly options: TransformerEncoderOptions) {
    super();
    const seed = options.seed ?? DEFAULT_SEED;
    const { numLayers, finalNorm, finalNormEps, ...layerOptions } = options;
    this.layers = this.addModule(
      'layers',
      new ModuleList(
        Array.from(
          { length: numLayers },
          (_, i) =>
            new TransformerEncoderLayer({ ...layerOptions, seed: childSeed(seed, `layers.${i}`) }),
        ),
      ),
    );
    const useNorm = finalNorm ?? options.normFirst ?? false;
    this.norm = useNorm
      ? this.addModule(
          'norm',
          new LayerNorm({ dim: options.dModel, eps: finalNormEps ?? options.layerNormEps ?? 1e-5 }),
        )
      : null;
  }

  /**
   * x: [batch, time, dModel] -> same shape; with `outputAttentions: true`, also every layer's
   * self-attention weights per head.
   */
  forward(x: tf.Tensor3D, opts?: EncoderForwardOptions & { outputAttentions?: false }): tf.Tensor3D;
  forward(x: tf.Tensor3D, opts: EncoderForwardOptions & { outputAttentions: true }): EncoderOutput;
  forward(x: tf.Tensor3D, opts?: EncoderForwardOptions): tf.Tensor3D | EncoderOutput;
  forward(x: tf.Tensor3D, opts: EncoderForwardOptions = {}): tf.Tensor3D | EncoderOutput {
    return tf.tidy(() => {
      let h = x;
      const attentions: tf.Tensor4D[] = [];
      for (const layer of this.layers) {
        if (!opts.outputAttentions) {
          h = layer.forward(h, { ...opts, outputAttentions: false });
          continue;
        }
        const r = layer.forward(h, { ...opts, outputAttentions: true });
        h = r.output;
        attentions.push(r.attentions); // [B, h, T, T]
      }
      const out = this.norm ? (this.norm.forward(h) as tf.Tensor3D) : h;
      if (!opts.outputAttentions) return out;
      return { lastHiddenState: out, attentions } as unknown as tf.TensorContainer;
    }) as unknown as tf.Tensor3D | EncoderOutput;
  }

  override getConfig(): ModuleConfig {
    return { type: 'TransformerEncoder', options: { ...this.options } };
  }
}
