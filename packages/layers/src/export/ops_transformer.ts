/**
 * Multi-head self-attention and the Transformer encoder layer as MatMul / Softmax graphs
 * (opset 17 has no attention op). The padding mask is a graph input: keys of padding get an
 * additive bias of -1e9, as in `maskToBias`, so the softmax matches the tfjs layer.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { MultiHeadAttention } from '../attention/multi_head_attention.js';
import type { TransformerEncoderLayer } from '../transformer/encoder_layer.js';
import { attr, floatData, type GraphBuilder } from './graph.js';
import { activationOnnx, denseOnnx, layerNormOnnx, linearOnnx } from './ops_basic.js';

/** The additive key bias [B, 1, 1, T]: 0 for real tokens, -1e9 for padding (float mask [B, T]). */
export function keyBiasOnnx(g: GraphBuilder, mask: string): string {
  const bias = g.op('Mul', [g.op('Sub', [g.scalar(1), mask]), g.scalar(-1e9)]); // [B, T]
  return g.op('Unsqueeze', [bias, g.int64([1, 2])]);
}

/**
 * The causal bias [T, T] of the sequence `ids` [B, T]: 0 on and below the diagonal, -1e9 above
 * (query t sees keys 0..t), as `maskToBias(causalMask(T))`. Built from the runtime length with
 * `Trilu`, so the graph keeps a dynamic sequence axis and carries no [maxLength, maxLength] table.
 */
export function causalBiasOnnx(g: GraphBuilder, ids: string): string {
  const T = g.op('Gather', [g.op('Shape', [ids]), g.int64([1])]); // [1]
  const ones = g.op('Expand', [g.scalar(1), g.op('Concat', [T, T], [attr.int('axis', 0)])]); // [T, T]
  const lower = g.op('Trilu', [ones], [attr.int('upper', 0)]); // [T, T] 1 where key <= query
  return g.op('Mul', [g.op('Sub', [g.scalar(1), lower]), g.scalar(-1e9)]);
}

/**
 * Self-attention of `mha` (prefix `name`, PyTorch's `in_proj_weight` split into q, k, v) on
 * x [B, T, d] with the key bias [B, 1, 1, T]; returns [B, T, d].
 */
export function selfAttentionOnnx(
  g: GraphBuilder,
  name: string,
  mha: MultiHeadAttention,
  x: string,
  keyBias: string,
): string {
  const { dModel: d, numHeads: h, headDim: dh } = mha;
  const part = (i: number) => {
    const w = tf.slice(mha.inProjWeight, [i * d, 0], [d, d]);
    const b = mha.inProjBias ? tf.slice(mha.inProjBias, [i * d], [d]) : null;
    const label = ['q', 'k', 'v'][i]!;
    const y = linearOnnx(g, `${name}.${label}_proj`, w, b, x); // [B, T, d]
    tf.dispose([w, b ?? []].flat());
    return g.op('Reshape', [y, g.int64([0, 0, h, dh])]); // [B, T, h, dh]
  };
  const [q, k, v] = [part(0), part(1), part(2)];
  const qh = g.op('Transpose', [q], [attr.ints('perm', [0, 2, 1, 3])]); // [B, h, T, dh]
  const kT = g.op('Transpose', [k], [attr.ints('perm', [0, 2, 3, 1])]); // [B, h, dh, T]
  const vh = g.op('Transpose', [v], [attr.ints('perm', [0, 2, 1, 3])]); // [B, h, T, dh]
  const qs = g.op('Mul', [qh, g.scalar(1 / Math.sqrt(dh))]);
  const scores = g.op('Add', [g.op('MatMul', [qs, kT]), keyBias]); // [B, h, T, T]
  const weights = g.op('Softmax', [scores], [attr.int('axis', -1)]);
  const ctx = g.op('MatMul', [weights, vh]); // [B, h, T, dh]
  const merged = g.op('Reshape', [
    g.op('Transpose', [ctx], [attr.ints('perm', [0, 2, 1, 3])]),
    g.int64([0, 0, d]),
  ]); // [B, T, d]
  return denseOnnx(g, `${name}.out_proj`, mha.outProj, merged);
}

/** One encoder layer (post-norm, or pre-norm with optional LayerScale) at inference. x [B, T, d]. */
export function encoderLayerOnnx(
  g: GraphBuilder,
  name: string,
  layer: TransformerEncoderLayer,
  x: string,
  keyBias: string,
): string {
  const sa = (y: string) => selfAttentionOnnx(g, `${name}.self_attn`, layer.selfAttn, y, keyBias);
  const ff = (y: string) => {
    const hidden = denseOnnx(g, `${name}.linear1`, layer.linear1, y);
    const act = activationOnnx(g, layer.options.activation ?? 'relu', hidden);
    return denseOnnx(g, `${name}.linear2`, layer.linear2, act);
  };
  const scaled = (y: string, s: tf.Variable | null, label: string) =>
    s ? g.op('Mul', [y, g.weight(`${name}.${label}`, floatData(s), s.shape)]) : y;
  const n1 = (y: string) => layerNormOnnx(g, `${name}.norm1`, layer.norm1, y);
  const n2 = (y: string) => layerNormOnnx(g, `${name}.norm2`, layer.norm2, y);
  if (layer.normFirst) {
    const h = g.op('Add', [x, scaled(sa(n1(x)), layer.layerScale1, 'layer_scale1')]);
    return g.op('Add', [h, scaled(ff(n2(h)), layer.layerScale2, 'layer_scale2')]);
  }
  const h = n1(g.op('Add', [x, sa(x)]));
  return n2(g.op('Add', [h, ff(h)]));
}
