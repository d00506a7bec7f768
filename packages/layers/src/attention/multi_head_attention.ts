/**
 * Multi-head attention in PyTorch `nn.MultiheadAttention(batch_first=True)` layout:
 *   in_proj_weight [3d, d] (q, k, v stacked), in_proj_bias [3d],
 *   out_proj.weight [d, d], out_proj.bias [d].
 */
import * as tf from '@tensorflow/tfjs-core';
import { childSeed, Rng } from '@tfnlp/core';
import * as init from '../core/initializers.js';
import { Module, type ModuleConfig } from '../core/module.js';
import { linear } from '../core/ops.js';
import { DEFAULT_SEED } from '../core/seed.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import {
  type AttentionMasks,
  attentionBias,
  scaledDotProductAttention,
} from './scaled_dot_product.js';

/** Kernel name of the fused attention (see @tfnlp/backend-wasm). */
const FUSED_ATTENTION = 'TfnlpAttention';

export interface MultiHeadAttentionOptions {
  /** Model width d; must be divisible by numHeads. */
  dModel: number;
  numHeads: number;
  /** Dropout on the attention weights (default 0). */
  dropout?: number;
  /** Default true. */
  bias?: boolean;
  seed?: number;
}

/** Options of `MultiHeadAttention.forward`: masks and PyTorch's `need_weights` / `average_attn_weights`. */
export interface MultiHeadAttentionForwardOptions extends AttentionMasks {
  /** Also return the attention weights (PyTorch `need_weights`; default false). */
  needWeights?: boolean;
  /**
   * With `needWeights`: true (default, as PyTorch) returns the weights averaged over the heads,
   * [batch, Tq, Tk]; false returns them per head, [batch, heads, Tq, Tk].
   */
  averageAttnWeights?: boolean;
}

/**
 * Output of `MultiHeadAttention.forward`. The weights are the softmax before attention dropout
 * (PyTorch returns them after it in training mode; in eval mode they are the same).
 */
export interface MultiHeadAttentionOutput<W extends tf.Tensor = tf.Tensor3D> {
  /** [batch, Tq, d] */
  output: tf.Tensor3D;
  /**
   * Only with `needWeights`: [batch, Tq, Tk] averaged over heads (default), or
   * [batch, heads, Tq, Tk] with `averageAttnWeights: false`. Each row sums to 1.
   */
  weights?: W;
}

export class MultiHeadAttention extends Module {
  readonly inProjWeight: tf.Variable; // [3d, d]
  readonly inProjBias: tf.Variable | null; // [3d]
  readonly outProj: Dense;
  readonly dropout: Dropout;
  readonly dModel: number;
  readonly numHeads: number;
  readonly headDim: number;

  constructor(readonly options: MultiHeadAttentionOptions) {
    super();
    const { dModel, numHeads } = options;
    if (!(dModel > 0 && numHeads > 0) || dModel % numHeads !== 0) {
      throw new Error(
        `MultiHeadAttention: dModel (${dModel}) must be a positive multiple of numHeads (${numHeads}).`,
      );
    }
    this.dModel = dModel;
    this.numHeads = numHeads;
    this.headDim = dModel / numHeads;
    const seed = options.seed ?? DEFAULT_SEED;
    const rng = new Rng(seed);
    const hasBias = options.bias ?? true;
    // PyTorch: xavier_uniform_ on in_proj_weight, zeros for both biases.
    this.inProjWeight = this.addParameter(
      'in_proj_weight',
      init.xavierUniform([3 * dModel, dModel], rng),
    );
    this.inProjBias = hasBias ? this.addParameter('in_proj_bias', init.zeros([3 * dModel])) : null;
    this.outProj = this.addModule(
      'out_proj',
      new Dense({
        inFeatures: dModel,
        outFeatures: dModel,
        bias: hasBias,
        seed: childSeed(seed, 'out_proj'),
      }),
    );
    // assign() does not consume its argument: tidy frees the zeros.
    const outBias = this.outProj.bias;
    if (outBias) tf.tidy(() => outBias.assign(tf.zerosLike(outBias)));
    this.dropout = this.addModule(
      'dropout',
      new Dropout({ p: options.dropout ?? 0, seed: childSeed(seed, 'dropout') }),
    );
  }

  /**
   * The same attention through the fused kernel of @tfnlp/backend-wasm: no [B, h, Tq, Tk]
   * tensor is kept for the backward pass (it is recomputed), which is what lets a 6-layer
   * encoder train at B32 T256 inside the wasm heap. Used when the weights are not requested.
   */
  private fusedAttention(
    q: tf.Tensor,
    k: tf.Tensor,
    v: tf.Tensor,
    bias: tf.Tensor | null,
    B: number,
  ): tf.Tensor4D {
    const h = this.numHeads;
    const heads = (x: tf.Tensor) => {
      const s = this.splitHeads(x); // [B, h, T, dh]
      return tf.reshape(s, [B * h, s.shape[2], this.headDim]) as tf.Tensor3D;
    };
    const [q3, k3, v3] = [heads(q), heads(k), heads(v)];
    const [Tq, Tk] = [q3.shape[1], k3.shape[1]];
    // attentionBias gives [B or 1, 1, Tq or 1, Tk]; the kernel takes [B, Tq or 1, Tk].
    let bias3: tf.Tensor = bias
      ? tf.reshape(bias, [bias.shape[0]!, bias.shape[2]!, Tk])
      : tf.zeros([B, 1, Tk]);
    if (bias3.shape[0] !== B) bias3 = tf.tile(bias3, [B, 1, 1]);
    const rate = this.training ? this.dropout.p : 0;
    const attrs = {
      heads: h,
      scale: 1 / Math.sqrt(this.headDim),
      rate,
      seed: rate > 0 ? this.dropout.nextSeed() : 0,
    };
    const [out, stats] = tf
      .engine()
      .runKernel(
        FUSED_ATTENTION,
        { q: q3, k: k3, v: v3, bias: bias3 },
        attrs as unknown as tf.NamedAttrMap,
      ) as tf.Tensor[];
    stats!.dispose(); // the tape keeps its own copy for the backward pass
    return tf.reshape(out!, [B, h, Tq, this.headDim]) as tf.Tensor4D;
  }

  /** [B, T, d] -> [B, h, T, headDim] */
  private splitHeads(x: tf.Tensor): tf.Tensor4D {
    const [B, T] = x.shape as [number, number, number];
    return tf.transpose(tf.reshape(x, [B, T, this.numHeads, this.headDim]), [0, 2, 1, 3]);
  }

  /** Rows [from, from + d) of in_proj (the q, k or v projection). */
  private proj(x: tf.Tensor, part: 0 | 1 | 2): tf.Tensor {
    const d = this.dModel;
    const w = tf.slice(this.inProjWeight, [part * d, 0], [d, d]);
    const b = this.inProjBias ? tf.slice(this.inProjBias, [part * d], [d]) : null;
    return linear(x, w, b);
  }

  /**
   * query [B, Tq, d], key/value [B, Tk, d] (pass the same tensor three times for
   * self-attention). Masks: 1 = may attend (see AttentionMasks). `needWeights` also returns
   * the attention weights: averaged over heads [B, Tq, Tk] by default, per head
   * [B, h, Tq, Tk] with `averageAttnWeights: false` (PyTorch's `need_weights=True,
   * average_attn_weights=False`).
   */
  forward(
    query: tf.Tensor3D,
    key: tf.Tensor3D,
    value: tf.Tensor3D,
    options: MultiHeadAttentionForwardOptions & { needWeights: true; averageAttnWeights: false },
  ): Required<MultiHeadAttentionOutput<tf.Tensor4D>>;
  forward(
    query: tf.Tensor3D,
    key: tf.Tensor3D,
    value: tf.Tensor3D,
    options?: MultiHeadAttentionForwardOptions & { averageAttnWeights?: true },
  ): MultiHeadAttentionOutput;
  forward(
    query: tf.Tensor3D,
    key: tf.Tensor3D,
    value: tf.Tensor3D,
    options?: MultiHeadAttentionForwardOptions,
  ): MultiHeadAttentionOutput<tf.Tensor3D | tf.Tensor4D>;
  forward(
    query: tf.Tensor3D,
    key: tf.Tensor3D,
    value: tf.Tensor3D,
    masks: MultiHeadAttentionForwardOptions = {},
  ): MultiHeadAttentionOutput<tf.Tensor3D | tf.Tensor4D> {
    if (
      query.rank !== 3 ||
      query.shape[2] !== this.dModel ||
      key.shape[2] !== this.dModel ||
      value.shape[2] !== this.dModel
    ) {
      throw new Error(
        `MultiHeadAttention.forward: query/key/value must be [batch, time, ${this.dModel}], got [${query.shape}], [${key.shape}], [${value.shape}].`,
      );
    }
    return tf.tidy(() => {
      const [B, Tq] = query.shape;
      let q: tf.Tensor;
      let k: tf.Tensor;
      let v: tf.Tensor;
      if (query === key && key === value) {
        // Self-attention: one projection for q, k and v.
        const qkv = linear(query, this.inProjWeight, this.inProjBias); // [B, T, 3d]
        [q, k, v] = tf.split(qkv, 3, 2) as [tf.Tensor, tf.Tensor, tf.Tensor];
      } else {
        q = this.proj(query, 0);
        k = this.proj(key, 1);
        v = this.proj(value, 2);
      }
      const bias = attentionBias(masks);
      let output: tf.Tensor4D;
      let weights: tf.Tensor4D | null = null;
      if (!masks.needWeights && tf.getKernel(FUSED_ATTENTION, tf.getBackend()) !== undefined) {
        output = this.fusedAttention(q, k, v, bias, B);
      } else {
        const drop =
          this.training && this.dropout.p > 0
            ? (w: tf.Tensor) => this.dropout.forward(w)
            : undefined;
        ({ output, weights } = scaledDotProductAttention(
          this.splitHeads(q),
          this.splitHeads(k),
          this.splitHeads(v),
          bias,
          drop,
        ));
      }
      const merged = tf.reshape(tf.transpose(output, [0, 2, 1, 3]), [B, Tq, this.dModel]); // [B, Tq, d]
      const out: MultiHeadAttentionOutput<tf.Tensor3D | tf.Tensor4D> = {
        output: this.outProj.forward(merged) as tf.Tensor3D,
      };
      if (masks.needWeights) {
        // [B, h, Tq, Tk], or its mean over heads [B, Tq, Tk] (PyTorch's default)
        out.weights =
          masks.averageAttnWeights === false ? weights! : (tf.mean(weights!, 1) as tf.Tensor3D);
      }
      return out as unknown as tf.TensorContainer;
    }) as unknown as MultiHeadAttentionOutput<tf.Tensor3D | tf.Tensor4D>;
  }

  override getConfig(): ModuleConfig {
    return { type: 'MultiHeadAttention', options: { ...this.options } };
  }
}
