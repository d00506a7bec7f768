/**
 * GPT-style decoder-only language model, laid out like Hugging Face's `GPT2LMHeadModel`:
 *
 *   h = drop(wte(ids) + wpe(positions))
 *   h = block(h) for each of the `h.N` pre-norm causal blocks (x + SA(ln1 x); x + FF(ln2 x))
 *   logits = ln_f(h) @ wte^T            (tied output projection; `lm_head` when untied)
 *
 * The blocks are `TransformerEncoderLayer`s with `normFirst` and a causal mask (PyTorch names
 * inside: self_attn.in_proj_weight, linear1, norm1, ...); `fromGpt2StateDict` maps GPT-2's
 * Conv1D names onto them. `forwardCached` runs new positions against a `KVCache` for generation.
 */
import * as tf from '@tensorflow/tfjs-core';
import { childSeed } from '@tfnlp/core';
import { scaledDotProductAttention } from '../attention/scaled_dot_product.js';
import * as init from '../core/initializers.js';
import { causalMask, maskToBias } from '../core/mask.js';
import { Module, type ModuleConfig, ModuleList } from '../core/module.js';
import { linear } from '../core/ops.js';
import { DEFAULT_SEED } from '../core/seed.js';
import { type ActivationName, getActivation } from '../layers/activations.js';
import { Dense } from '../layers/dense.js';
import { Dropout } from '../layers/dropout.js';
import { Embedding } from '../layers/embedding.js';
import { LayerNorm } from '../layers/layer_norm.js';
import { feedForward, TransformerEncoderLayer } from '../transformer/encoder_layer.js';
import { KVCache } from './kv_cache.js';

/** Options of `CausalLM` (GPT-2's config names in comments). */
export interface CausalLMOptions {
  /** Vocabulary size (vocab_size). */
  vocabSize: number;
  /** Longest sequence, the number of learned positions (n_positions). */
  maxLength: number;
  /** Model width (n_embd). */
  dModel: number;
  /** Attention heads (n_head); must divide dModel. */
  numHeads: number;
  /** Number of blocks (n_layer). */
  numLayers: number;
  /** Feed-forward width (n_inner; default 4 * dModel). */
  dimFeedforward?: number;
  /** Dropout on embeddings, attention weights and residual branches (default 0.1). */
  dropout?: number;
  /** Default 'gelu_tanh' (GPT-2's gelu_new). */
  activation?: ActivationName;
  /** Default 1e-5 (layer_norm_epsilon). */
  layerNormEps?: number;
  /** Output projection shares the token embedding (default true, as GPT-2). */
  tieWeights?: boolean;
  seed?: number;
}

/** Options of `CausalLM.forward`. */
export interface CausalLMForwardOptions {
  /** `[batch, time]`: 1 = real token, 0 = padding (right padding; positions start at 0). */
  mask?: tf.Tensor;
}

/** GPT-style decoder-only language model: ids [batch, time] -> next-token logits [batch, time, vocab]. */
export class CausalLM extends Module {
  readonly wte: Embedding;
  readonly wpe: Embedding;
  readonly drop: Dropout;
  readonly h: ModuleList<TransformerEncoderLayer>;
  readonly lnF: LayerNorm;
  /** The untied output projection (`lm_head.weight` [vocab, dModel], no bias), or null when tied to wte. */
  readonly lmHead: Dense | null;
  readonly numHeads: number;
  readonly headDim: number;
  private readonly act: (x: tf.Tensor) => tf.Tensor;

  constructor(readonly options: CausalLMOptions) {
    super();
    const { vocabSize, maxLength, dModel, numHeads, numLayers } = options;
    if (!(vocabSize > 0 && maxLength > 0 && numLayers >= 0)) {
      throw new Error(
        `CausalLM: vocabSize (${vocabSize}) and maxLength (${maxLength}) must be positive and numLayers (${numLayers}) >= 0.`,
      );
    }
    const seed = options.seed ?? DEFAULT_SEED;
    const s = (name: string) => childSeed(seed, name);
    const p = options.dropout ?? 0.1;
    this.wte = this.addModule(
      'wte',
      new Embedding({ numEmbeddings: vocabSize, embeddingDim: dModel, seed: s('wte') }),
    );
    this.wpe = this.addModule(
      'wpe',
      new Embedding({ numEmbeddings: maxLength, embeddingDim: dModel, seed: s('wpe') }),
    );
    // GPT-2 initialises both tables N(0, 0.02^2) (nn.Embedding's N(0, 1) is far too wide for a tied head).
    for (const [e, name] of [
      [this.wte, 'wte'],
      [this.wpe, 'wpe'],
    ] as const) {
      tf.tidy(() => e.weight.assign(init.normal(e.weight.shape, 0.02, s(`${name}.normal`))));
    }
    this.drop = this.addModule('drop', new Dropout({ p, seed: s('drop') }));
    this.h = this.addModule(
      'h',
      new ModuleList(
        Array.from(
          { length: numLayers },
          (_, i) =>
            new TransformerEncoderLayer({
              dModel,
              numHeads,
              dimFeedforward: options.dimFeedforward ?? 4 * dModel,
              dropout: p,
              activation: options.activation ?? 'gelu_tanh',
              normFirst: true,
              layerNormEps: options.layerNormEps ?? 1e-5,
              seed: s(`h.${i}`),
            }),
        ),
      ),
    );
    this.lnF = this.addModule(
      'ln_f',
      new LayerNorm({ dim: dModel, eps: options.layerNormEps ?? 1e-5 }),
    );
    this.lmHead =
      options.tieWeights === false
        ? this.addModule(
            'lm_head',
            new Dense({
              inFeatures: dModel,
              outFeatures: vocabSize,
              bias: false,
              seed: s('lm_head'),
            }),
          )
        : null;
    this.numHeads = numHeads;
    this.headDim = dModel / numHeads;
    this.act = getActivation(options.activation ?? 'gelu_tanh');
  }

  /** Number of blocks. */
  get numLayers(): number {
    return this.h.length;
  }

  /** The output projection [vocab, dModel]: wte.weight when tied. */
  get outputWeight(): tf.Variable {
    return this.lmHead?.weight ?? this.wte.weight;
  }

  /** Token + position embeddings of positions offset .. offset + T - 1, then dropout. */
  private embed(ids: tf.Tensor2D, offset: number): tf.Tensor3D {
    const T = ids.shape[1];
    if (offset + T > this.options.maxLength) {
      throw new Error(
        `CausalLM: ${offset + T} positions exceed maxLength ${this.options.maxLength}; shorten the input or build the model with a larger maxLength.`,
      );
    }
    const pos = tf.range(offset, offset + T, 1, 'int32');
    const x = tf.add(this.wte.forward(ids), this.wpe.forward(pos)); // [B, T, d]
    return this.drop.forward(x) as tf.Tensor3D;
  }

  /** Final norm and the (tied) output projection: [B, T, d] -> [B, T, vocab]. */
  private head(h: tf.Tensor): tf.Tensor3D {
    return linear(this.lnF.forward(h), this.outputWeight) as tf.Tensor3D;
  }

  /** The last hidden states after `ln_f`, [batch, time, dModel] (the body a classifier reuses). */
  hiddenStates(ids: tf.Tensor2D, opts: CausalLMForwardOptions = {}): tf.Tensor3D {
    return tf.tidy(() => this.lnF.forward(this.body(ids, opts)) as tf.Tensor3D);
  }

  private body(ids: tf.Tensor2D, opts: CausalLMForwardOptions): tf.Tensor3D {
    checkIds(ids);
    const T = ids.shape[1];
    let h = this.embed(ids, 0);
    const attnMask = causalMask(T); // [T, T]
    for (const layer of this.h) h = layer.forward(h, { mask: opts.mask, attnMask });
    return h;
  }

  /** ids int32 [batch, time] -> logits [batch, time, vocab]; logits[:, t] predict ids[:, t + 1]. */
  forward(ids: tf.Tensor2D, opts: CausalLMForwardOptions = {}): tf.Tensor3D {
    return tf.tidy(() => this.head(this.body(ids, opts)));
  }

  /** An empty cache for `forwardCached`. */
  newCache(): KVCache {
    return new KVCache(this.numLayers);
  }

  /**
   * Runs new positions ids [batch, newTime] after the `cache.length` cached ones, appends their
   * keys/values to `cache`, and returns their logits [batch, newTime, vocab]. The same math as
   * `forward` on the whole sequence (no padding), for incremental decoding.
   */
  forwardCached(ids: tf.Tensor2D, cache: KVCache): tf.Tensor3D {
    checkIds(ids);
    const past = cache.length;
    return tf.tidy(() => {
      const [B, T] = ids.shape;
      let h = this.embed(ids, past); // [B, T, d]
      // New query i (absolute position past + i) may attend to keys 0 .. past + i.
      const bias =
        T > 1
          ? tf.reshape(maskToBias(tf.linalg.bandPart(tf.ones([T, past + T]), -1, past)), [
              1,
              1,
              T,
              past + T,
            ])
          : null; // one new token sees the whole cache
      const heads = (x: tf.Tensor) =>
        tf.transpose(
          tf.reshape(x, [B, T, this.numHeads, this.headDim]),
          [0, 2, 1, 3],
        ) as tf.Tensor4D; // [B, h, T, dh]
      for (let i = 0; i < this.numLayers; i++) {
        const layer = this.h.get(i);
        const attn = layer.selfAttn;
        const y = layer.norm1.forward(h); // [B, T, d]
        const qkv = linear(y, attn.inProjWeight, attn.inProjBias); // [B, T, 3d]
        const [q, k, v] = tf.split(qkv, 3, 2) as [tf.Tensor, tf.Tensor, tf.Tensor];
        const kv = cache.append(i, heads(k), heads(v)); // [B, h, past + T, dh]
        const { output } = scaledDotProductAttention(heads(q), kv.k, kv.v, bias); // [B, h, T, dh]
        const merged = tf.reshape(tf.transpose(output, [0, 2, 1, 3]), [B, T, -1]); // [B, T, d]
        h = tf.add(h, layer.dropout1.forward(attn.outProj.forward(merged))) as tf.Tensor3D;
        const ff = feedForward(
          layer.norm2.forward(h),
          layer.linear1,
          layer.linear2,
          this.act,
          layer.dropout,
        );
        h = tf.add(h, layer.dropout2.forward(ff)) as tf.Tensor3D;
      }
      return this.head(h);
    });
  }

  override getConfig(): ModuleConfig {
    return { type: 'CausalLM', options: { ...this.options } };
  }
}

function checkIds(ids: tf.Tensor): void {
  if (ids.rank !== 2 || ids.dtype !== 'int32') {
    throw new Error(
      `CausalLM: ids must be an int32 tensor [batch, time], got ${ids.dtype} [${ids.shape}]; use tf.tensor2d(ids, shape, 'int32').`,
    );
  }
}
