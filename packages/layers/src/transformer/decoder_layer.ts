/**
 * Transformer decoder layer, PyTorch `nn.TransformerDecoderLayer(batch_first=True)` layout:
 * self_attn, multihead_attn (cross-attention), linear1, linear2, norm1..3.
 *
 *   post-norm: x = norm1(x + SA(x)); x = norm2(x + CA(x, mem)); x = norm3(x + FF(x))
 *   pre-norm:  x = x + SA(norm1(x)); x = x + CA(norm2(x), mem); x = x + FF(norm3(x))
 */
import * as tf from '@tensorflow/tfjs-core';
import { childSeed } from '@tfnlp/core';
import { MultiHeadAttention } from '../attention/multi_head_attention.js';
import { causalMask } from '../core/mask.js';
import { Module, type ModuleConfig, ModuleList } from '../core/module.js';
import { DEFAULT_SEED } from '../core/seed.js';
import { getActivation } from '../layers/activations.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import { LayerNorm } from '../layers/layer_norm.js';
import { feedForward, type TransformerLayerOptions } from './encoder_layer.js';

/** Masks of a decoder forward pass. */
export interface DecoderForwardOptions {
  /** `[batch, tgtTime]`: 1 = real target token. */
  tgtMask?: tf.Tensor;
  /** `[batch, srcTime]`: 1 = real source token. */
  memoryMask?: tf.Tensor;
  /** Mask future target positions (default true). */
  causal?: boolean;
}

/** Transformer decoder layer, PyTorch `nn.TransformerDecoderLayer(batch_first=True)` layout (post-norm, or pre-norm with `normFirst`). */
export class TransformerDecoderLayer extends Module {
  readonly selfAttn: MultiHeadAttention;
  readonly crossAttn: MultiHeadAttention;
  readonly linear1: Dense;
  readonly linear2: Dense;
  readonly norm1: LayerNorm;
  readonly norm2: LayerNorm;
  readonly norm3: LayerNorm;
  readonly dropout: Dropout;
  readonly dropout1: Dropout;
  readonly dropout2: Dropout;
  readonly dropout3: Dropout;
  readonly normFirst: boolean;
  private readonly act: (x: tf.Tensor) => tf.Tensor;

  constructor(readonly options: TransformerLayerOptions) {
    super();
    const { dModel, numHeads } = options;
    const ff = options.dimFeedforward ?? 2048;
    const p = options.dropout ?? 0.1;
    const eps = options.layerNormEps ?? 1e-5;
    const seed = options.seed ?? DEFAULT_SEED;
    const s = (name: string) => childSeed(seed, name);
    this.selfAttn = this.addModule(
      'self_attn',
      new MultiHeadAttention({ dModel, numHeads, dropout: p, seed: s('self_attn') }),
    );
    this.crossAttn = this.addModule(
      'multihead_attn',
      new MultiHeadAttention({ dModel, numHeads, dropout: p, seed: s('multihead_attn') }),
    );
    this.linear1 = this.addModule(
      'linear1',
      new Dense({ inFeatures: dModel, outFeatures: ff, seed: s('linear1') }),
    );
    this.dropout = this.addModule('dropout', new Dropout({ p, seed: s('dropout') }));
    this.linear2 = this.addModule(
      'linear2',
      new Dense({ inFeatures: ff, outFeatures: dModel, seed: s('linear2') }),
    );
    this.norm1 = this.addModule('norm1', new LayerNorm({ dim: dModel, eps }));
    this.norm2 = this.addModule('norm2', new LayerNorm({ dim: dModel, eps }));
    this.norm3 = this.addModule('norm3', new LayerNorm({ dim: dModel, eps }));
    this.dropout1 = this.addModule('dropout1', new Dropout({ p, seed: s('dropout1') }));
    this.dropout2 = this.addModule('dropout2', new Dropout({ p, seed: s('dropout2') }));
    this.dropout3 = this.addModule('dropout3', new Dropout({ p, seed: s('dropout3') }));
    this.normFirst = options.normFirst ?? false;
    this.act = getActivation(options.activation ?? 'relu');
  }

  /** tgt [batch, tgtTime, d], memory [batch, srcTime, d] -> [batch, tgtTime, d]. */
  forward(tgt: tf.Tensor3D, memory: tf.Tensor3D, opts: DecoderForwardOptions = {}): tf.Tensor3D {
    return tf.tidy(() => {
      const T = tgt.shape[1];
      const attnMask = opts.causal === false ? undefined : causalMask(T);
      const sa = (y: tf.Tensor3D) =>
        this.dropout1.forward(
          this.selfAttn.forward(y, y, y, { keyMask: opts.tgtMask, attnMask }).output,
        );
      const ca = (y: tf.Tensor3D) =>
        this.dropout2.forward(
          this.crossAttn.forward(y, memory, memory, { keyMask: opts.memoryMask }).output,
        );
      const ff = (y: tf.Tensor) =>
        this.dropout3.forward(feedForward(y, this.linear1, this.linear2, this.act, this.dropout));
      let h = tgt as tf.Tensor;
      if (this.normFirst) {
        h = tf.add(h, sa(this.norm1.forward(h) as tf.Tensor3D));
        h = tf.add(h, ca(this.norm2.forward(h) as tf.Tensor3D));
        h = tf.add(h, ff(this.norm3.forward(h)));
      } else {
        h = this.norm1.forward(tf.add(h, sa(h as tf.Tensor3D)));
        h = this.norm2.forward(tf.add(h, ca(h as tf.Tensor3D)));
        h = this.norm3.forward(tf.add(h, ff(h)));
      }
      return h as tf.Tensor3D;
    });
  }

  override getConfig(): ModuleConfig {
    return { type: 'TransformerDecoderLayer', options: { ...this.options } };
  }
}

/** Options of `TransformerDecoder`. */
export interface TransformerDecoderOptions extends TransformerLayerOptions {
  numLayers: number;
  /** Final LayerNorm (default: true when normFirst). */
  finalNorm?: boolean;
}

/** A stack of decoder layers, PyTorch `nn.TransformerDecoder` layout (`layers.{i}`, `norm`). */
export class TransformerDecoder extends Module {
  readonly layers: ModuleList<TransformerDecoderLayer>;
  readonly norm: LayerNorm | null;

  constructor(readonly options: TransformerDecoderOptions) {
    super();
    const seed = options.seed ?? DEFAULT_SEED;
    const { numLayers, finalNorm, ...layerOptions } = options;
    this.layers = this.addModule(
      'layers',
      new ModuleList(
        Array.from(
          { length: numLayers },
          (_, i) =>
            new TransformerDecoderLayer({ ...layerOptions, seed: childSeed(seed, `layers.${i}`) }),
        ),
      ),
    );
    const useNorm = finalNorm ?? options.normFirst ?? false;
    this.norm = useNorm
      ? this.addModule(
          'norm',
          new LayerNorm({ dim: options.dModel, eps: options.layerNormEps ?? 1e-5 }),
        )
      : null;
  }

  /** tgt [B, T, dModel] attending to memory [B, S, dModel] through every layer -> [B, T, dModel]. */
  forward(tgt: tf.Tensor3D, memory: tf.Tensor3D, opts: DecoderForwardOptions = {}): tf.Tensor3D {
    return tf.tidy(() => {
      let h = tgt;
      for (const layer of this.layers) h = layer.forward(h, memory, opts);
      return this.norm ? (this.norm.forward(h) as tf.Tensor3D) : h;
    });
  }

  override getConfig(): ModuleConfig {
    return { type: 'TransformerDecoder', options: { ...this.options } };
  }
}
