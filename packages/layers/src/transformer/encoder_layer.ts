/**
 * Transformer encoder layer, PyTorch `nn.TransformerEncoderLayer(batch_first=True)` layout:
 * self_attn, linear1, linear2, norm1, norm2 (+ parameter-free dropouts).
 *
 *   post-norm (default):  x = norm1(x + SA(x));  x = norm2(x + FF(x))
 *   pre-norm (normFirst): x = x + SA(norm1(x));  x = x + FF(norm2(x))
 *   pre-norm + layerScale: x = x + g1 * SA(norm1(x));  x = x + g2 * FF(norm2(x))
 */
import * as tf from '@tensorflow/tfjs-core';
import { childSeed } from '@tfnlp/core';
import { MultiHeadAttention } from '../attention/multi_head_attention.js';
import { Module, type ModuleConfig } from '../core/module.js';
import { DEFAULT_SEED } from '../core/seed.js';
import { type ActivationName, getActivation } from '../layers/activations.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import { LayerNorm } from '../layers/layer_norm.js';

/** Options of `TransformerEncoderLayer` and `TransformerDecoderLayer` (PyTorch's names). */
export interface TransformerLayerOptions {
  dModel: number;
  numHeads: number;
  /** Hidden width of the feed-forward block (PyTorch default 2048). */
  dimFeedforward?: number;
  /** Default 0.1 like PyTorch. */
  dropout?: number;
  /** 'relu' (default) or 'gelu' / 'gelu_tanh'. */
  activation?: ActivationName;
  /** Pre-norm when true (default false = post-norm). */
  normFirst?: boolean;
  /** Default 1e-5. */
  layerNormEps?: number;
  seed?: number;
}

/** Options of `TransformerEncoderLayer`. */
export interface TransformerEncoderLayerOptions extends TransformerLayerOptions {
  /**
   * Pre-norm only: multiply each residual branch by a learned per-channel vector (`layer_scale1`,
   * `layer_scale2`, [dModel]) starting at this value ("LayerScale", Touvron et al. 2021, CaiT).
   * The scales are vectors, which default weight-decay rules skip; decay them explicitly to
   * pull the branches towards zero. Default: none (no scales, PyTorch's layer).
   */
  layerScale?: number;
  /**
   * Stochastic depth (Huang et al. 2016): in training, each example skips each residual branch
   * with this probability (kept branches x 1 / (1 - p)); the whole layer is used at inference.
   * Examples that skip both branches train the input path alone. Default 0.
   */
  dropPath?: number;
}

/** Masks of an encoder forward pass, and whether to return the attention weights. */
export interface EncoderForwardOptions {
  /** `[batch, time]`: 1 = real token, 0 = padding. */
  mask?: tf.Tensor;
  /** `[time, time]`: 1 = may attend (e.g. causalMask(T)). */
  attnMask?: tf.Tensor;
  /**
   * Also return each layer's self-attention weights per head, [batch, heads, time, time]
   * (Hugging Face `output_attentions`; average over axis 1 for PyTorch's head-averaged form).
   * Default false.
   */
  outputAttentions?: boolean;
}

/** `TransformerEncoderLayer.forward` with `outputAttentions: true`. */
export interface EncoderLayerOutput {
  /** [batch, time, dModel] */
  output: tf.Tensor3D;
  /** Self-attention weights per head, [batch, heads, time, time]; rows sum to 1. */
  attentions: tf.Tensor4D;
}

/** The position-wise feed-forward block: linear2(dropout(act(linear1(x)))). */
export function feedForward(
  x: tf.Tensor,
  linear1: Dense,
  linear2: Dense,
  act: (x: tf.Tensor) => tf.Tensor,
  dropout: Dropout,
): tf.Tensor {
  return linear2.forward(dropout.forward(act(linear1.forward(x))));
}

/** Transformer encoder layer, PyTorch `nn.TransformerEncoderLayer(batch_first=True)` layout (post-norm, or pre-norm with `normFirst`). */
export class TransformerEncoderLayer extends Module {
  readonly selfAttn: MultiHeadAttention;
  readonly linear1: Dense;
  readonly linear2: Dense;
  readonly norm1: LayerNorm;
  readonly norm2: LayerNorm;
  readonly dropout: Dropout;
  readonly dropout1: Dropout;
  readonly dropout2: Dropout;
  readonly normFirst: boolean;
  /** The branch scales of `layerScale` ([dModel] each), or null. */
  readonly layerScale1: tf.Variable | null;
  readonly layerScale2: tf.Variable | null;
  /** Per-example branch masks of `dropPath` (null when 0). */
  readonly dropPath1: Dropout | null;
  readonly dropPath2: Dropout | null;
  private readonly act: (x: tf.Tensor) => tf.Tensor;

  constructor(readonly options: TransformerEncoderLayerOptions) {
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
    this.dropout1 = this.addModule('dropout1', new Dropout({ p, seed: s('dropout1') }));
    this.dropout2 = this.addModule('dropout2', new Dropout({ p, seed: s('dropout2') }));
    this.normFirst = options.normFirst ?? false;
    const scale = options.layerScale;
    if (scale !== undefined && !this.normFirst) {
      throw new Error('TransformerEncoderLayer: layerScale needs normFirst: true (pre-norm).');
    }
    if (scale !== undefined && !Number.isFinite(scale)) {
      throw new Error(`TransformerEncoderLayer: layerScale must be a finite number, got ${scale}.`);
    }
    this.layerScale1 =
      scale === undefined ? null : this.addParameter('layer_scale1', tf.fill([dModel], scale));
    this.layerScale2 =
      scale === undefined ? null : this.addParameter('layer_scale2', tf.fill([dModel], scale));
    const pathRate = options.dropPath ?? 0;
    this.dropPath1 =
      pathRate > 0
        ? this.addModule('drop_path1', new Dropout({ p: pathRate, seed: s('drop_path1') }))
        : null;
    this.dropPath2 =
      pathRate > 0
        ? this.addModule('drop_path2', new Dropout({ p: pathRate, seed: s('drop_path2') }))
        : null;
    this.act = getActivation(options.activation ?? 'relu');
  }

  /**
   * x: [batch, time, dModel] -> same shape; with `outputAttentions: true`, also the
   * self-attention weights per head ([batch, heads, time, time]).
   */
  forward(x: tf.Tensor3D, opts?: EncoderForwardOptions & { outputAttentions?: false }): tf.Tensor3D;
  forward(
    x: tf.Tensor3D,
    opts: EncoderForwardOptions & { outputAttentions: true },
  ): EncoderLayerOutput;
  forward(x: tf.Tensor3D, opts?: EncoderForwardOptions): tf.Tensor3D | EncoderLayerOutput;
  forward(x: tf.Tensor3D, opts: EncoderForwardOptions = {}): tf.Tensor3D | EncoderLayerOutput {
    return tf.tidy(() => {
      let attentions: tf.Tensor4D | undefined;
      const sa = (y: tf.Tensor3D) => {
        const masks = { keyMask: opts.mask, attnMask: opts.attnMask };
        if (!opts.outputAttentions)
          return this.dropout1.forward(this.selfAttn.forward(y, y, y, masks).output);
        const r = this.selfAttn.forward(y, y, y, {
          ...masks,
          needWeights: true,
          averageAttnWeights: false,
        });
        attentions = r.weights; // [B, h, T, T]
        return this.dropout1.forward(r.output);
      };
      const ff = (y: tf.Tensor) =>
        this.dropout2.forward(feedForward(y, this.linear1, this.linear2, this.act, this.dropout));
      let h: tf.Tensor = x;
      // A branch's output: x LayerScale, x the per-example stochastic-depth mask [B, 1, 1].
      const branch = (y: tf.Tensor, g: tf.Variable | null, path: Dropout | null) => {
        const scaled = g ? tf.mul(y, g) : y;
        if (!path?.training) return scaled;
        return tf.mul(scaled, path.forward(tf.ones([x.shape[0], 1, 1])));
      };
      if (this.normFirst) {
        h = tf.add(
          h,
          branch(sa(this.norm1.forward(h) as tf.Tensor3D), this.layerScale1, this.dropPath1),
        );
        h = tf.add(h, branch(ff(this.norm2.forward(h)), this.layerScale2, this.dropPath2));
      } else {
        h = this.norm1.forward(tf.add(h, branch(sa(h as tf.Tensor3D), null, this.dropPath1)));
        h = this.norm2.forward(tf.add(h, branch(ff(h), null, this.dropPath2)));
      }
      if (attentions)
        return { output: h as tf.Tensor3D, attentions } as unknown as tf.TensorContainer;
      return h as tf.Tensor3D;
    }) as unknown as tf.Tensor3D | EncoderLayerOutput;
  }

  override getConfig(): ModuleConfig {
    return { type: 'TransformerEncoderLayer', options: { ...this.options } };
  }
}
