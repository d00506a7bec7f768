/**
 * ONNX subgraphs of the basic layers: Embedding, Dense, LayerNorm, activations, positions and
 * the masked poolings. Each takes value names and returns the name of its result; weights
 * become initializers named after their state-dict keys. Same equations as the tfjs layers.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LearnedPositionalEmbedding } from '../attention/positional.js';
import { SinusoidalPositionalEncoding, sinusoidalTable } from '../attention/positional.js';
import type { ActivationName } from '../layers/activations.js';
import type { Dense } from '../layers/dense.js';
import type { Embedding } from '../layers/embedding.js';
import type { LayerNorm } from '../layers/layer_norm.js';
import type { TfIdfPooling } from '../layers/tfidf_pooling.js';
import { attr, floatData, type GraphBuilder } from './graph.js';
import { DataType } from './onnx_proto.js';

/** The values every model graph shares: token ids and the float mask. */
export interface SequenceInputs {
  /** int64 [B, T] */
  ids: string;
  /** float32 [B, T]: 1 = real token, 0 = padding. */
  mask: string;
}

/** Gather of a [vocab, dim] table; with `paddingIdx`, lookups of it are zeroed like `Embedding`. */
export function embeddingOnnx(
  g: GraphBuilder,
  name: string,
  weight: tf.Tensor,
  ids: string,
  paddingIdx?: number,
): string {
  const table = g.tensor(`${name}.weight`, weight);
  const x = g.op('Gather', [table, ids], [attr.int('axis', 0)]); // [B, T, E]
  if (paddingIdx === undefined) return x;
  const isPad = g.op('Equal', [ids, g.int64([paddingIdx], [])]);
  const keep = g.op('Cast', [g.op('Not', [isPad])], [attr.int('to', DataType.FLOAT)]); // [B, T]
  return g.op('Mul', [x, g.op('Unsqueeze', [keep, g.int64([-1])])]);
}

/** `Embedding` (PyTorch `nn.Embedding`): ids [B, T] -> [B, T, E]. */
export function embeddingLayerOnnx(g: GraphBuilder, name: string, e: Embedding, ids: string) {
  return embeddingOnnx(g, name, e.weight, ids, e.options.paddingIdx);
}

/** x @ W^T + b for `Dense` (weight [out, in] stored transposed as [in, out]), then its activation. */
export function denseOnnx(g: GraphBuilder, name: string, d: Dense, x: string): string {
  return linearOnnx(g, name, d.weight, d.bias, x, d.options.activation);
}

/** x @ W^T + b (+ activation) from a weight [out, in] and bias [out]. */
export function linearOnnx(
  g: GraphBuilder,
  name: string,
  weight: tf.Tensor,
  bias: tf.Tensor | null,
  x: string,
  activation?: ActivationName,
): string {
  const [out, inF] = weight.shape as [number, number];
  const wT = g.weight(`${name}.weight_t`, floatData(tf.transpose(weight), true), [inF, out]);
  let y = g.op('MatMul', [x, wT]);
  if (bias) y = g.op('Add', [y, g.tensor(`${name}.bias`, bias)]);
  return activation ? activationOnnx(g, activation, y) : y;
}

/** LayerNorm over the last axis (opset 17 `LayerNormalization`). */
export function layerNormOnnx(g: GraphBuilder, name: string, ln: LayerNorm, x: string): string {
  const dim = ln.options.dim;
  const scale = ln.weight
    ? g.tensor(`${name}.weight`, ln.weight)
    : g.weight(`${name}.ones`, new Float32Array(dim).fill(1), [dim]);
  const inputs = [x, scale];
  if (ln.bias) inputs.push(g.tensor(`${name}.bias`, ln.bias));
  return g.op('LayerNormalization', inputs, [attr.int('axis', -1), attr.float('epsilon', ln.eps)]);
}

/** The activation of `name` (GELU spelled out: `Gelu` is opset 20). */
export function activationOnnx(g: GraphBuilder, name: ActivationName, x: string): string {
  switch (name) {
    case 'relu':
      return g.op('Relu', [x]);
    case 'tanh':
      return g.op('Tanh', [x]);
    case 'sigmoid':
      return g.op('Sigmoid', [x]);
    case 'gelu': {
      // 0.5 x (1 + erf(x / sqrt 2))
      const erf = g.op('Erf', [g.op('Mul', [x, g.scalar(Math.SQRT1_2)])]);
      return g.op('Mul', [g.op('Mul', [x, g.scalar(0.5)]), g.op('Add', [erf, g.scalar(1)])]);
    }
    case 'gelu_tanh': {
      // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
      const cube = g.op('Mul', [g.op('Mul', [x, x]), x]);
      const inner = g.op('Mul', [
        g.op('Add', [x, g.op('Mul', [cube, g.scalar(0.044715)])]),
        g.scalar(Math.sqrt(2 / Math.PI)),
      ]);
      const t = g.op('Tanh', [inner]);
      return g.op('Mul', [g.op('Mul', [x, g.scalar(0.5)]), g.op('Add', [t, g.scalar(1)])]);
    }
    default:
      throw new Error(`exportOnnx: activation '${name as string}' has no ONNX export.`);
  }
}

/**
 * The table length of a positional layer (its `maxLength` option).
 */
function maxLength(p: { options: object }): number {
  const n = (p.options as { maxLength?: number }).maxLength;
  if (!(typeof n === 'number' && n > 0))
    throw new Error('exportOnnx: positional layer without a maxLength.');
  return n;
}

/** x [B, T, d] + table[:T] for sinusoidal or learned positions (the table is an initializer). */
export function positionsOnnx(
  g: GraphBuilder,
  name: string,
  p: SinusoidalPositionalEncoding | LearnedPositionalEmbedding,
  x: string,
  ids: string,
): string {
  const table =
    p instanceof SinusoidalPositionalEncoding
      ? g.weight(
          `${name}.table`,
          floatData(sinusoidalTable(maxLength(p), p.options.dModel), true),
          [maxLength(p), p.options.dModel],
        )
      : g.tensor(`${name}.weight`, p.weight);
  const T = g.op('Gather', [g.op('Shape', [ids]), g.int64([1])]); // [1]
  const rows = g.op('Slice', [table, g.int64([0]), T, g.int64([0])]); // [T, d]
  return g.op('Add', [x, rows]);
}

/** Masked mean over time: sum(x m) / max(sum m, 1). x [B, T, D] -> [B, D]. */
export function maskedMeanOnnx(g: GraphBuilder, x: string, mask: string): string {
  const m = g.op('Unsqueeze', [mask, g.int64([2])]); // [B, T, 1]
  const sum = g.op('ReduceSum', [g.op('Mul', [x, m]), g.int64([1])], [attr.int('keepdims', 0)]);
  const count = g.op('ReduceSum', [m, g.int64([1])], [attr.int('keepdims', 0)]); // [B, 1]
  return g.op('Div', [sum, g.op('Max', [count, g.scalar(1)])]);
}

/** Masked max over time (padding gets -1e9; a row without tokens gives zeros). [B, T, D] -> [B, D]. */
export function maskedMaxOnnx(g: GraphBuilder, x: string, mask: string): string {
  const m = g.op('Unsqueeze', [mask, g.int64([2])]); // [B, T, 1]
  const penalty = g.op('Mul', [g.op('Sub', [g.scalar(1), m]), g.scalar(-1e9)]);
  const pooled = g.op(
    'ReduceMax',
    [g.op('Add', [x, penalty])],
    [attr.ints('axes', [1]), attr.int('keepdims', 0)],
  );
  const count = g.op('ReduceSum', [m, g.int64([1])], [attr.int('keepdims', 0)]); // [B, 1]
  return g.op('Mul', [pooled, g.op('Min', [count, g.scalar(1)])]);
}

/** x[:, 0, :]. [B, T, D] -> [B, D]. */
export function firstTokenOnnx(g: GraphBuilder, x: string): string {
  return g.op('Gather', [x, g.int64([0], [])], [attr.int('axis', 1)]);
}

/**
 * Sublinear TF-IDF weighted mean (`TfIdfPooling`): w = idf[id] (1 + ln c) / c on real tokens,
 * c = occurrences of the id among the row's real tokens (a [B, T, T] comparison).
 */
export function tfidfPoolOnnx(
  g: GraphBuilder,
  name: string,
  p: TfIdfPooling,
  x: string,
  { ids, mask }: SequenceInputs,
): string {
  const same = g.op('Equal', [
    g.op('Unsqueeze', [ids, g.int64([2])]),
    g.op('Unsqueeze', [ids, g.int64([1])]),
  ]); // [B, T, T]
  const sameF = g.op('Cast', [same], [attr.int('to', DataType.FLOAT)]);
  const maskK = g.op('Unsqueeze', [mask, g.int64([1])]); // [B, 1, T]: only real tokens count
  const c = g.op(
    'ReduceSum',
    [g.op('Mul', [sameF, maskK]), g.int64([2])],
    [attr.int('keepdims', 0)],
  ); // [B, T]
  const cSafe = g.op('Max', [c, g.scalar(1)]); // padding has c = 0; its weight is masked below
  const tfw = g.op('Div', [g.op('Add', [g.scalar(1), g.op('Log', [cSafe])]), cSafe]);
  const idf = g.op('Gather', [g.tensor(`${name}.idf`, p.idf), ids], [attr.int('axis', 0)]);
  const w = g.op('Mul', [g.op('Mul', [idf, tfw]), mask]); // [B, T]
  const total = g.op('Max', [
    g.op('ReduceSum', [w, g.int64([1])], [attr.int('keepdims', 1)]),
    g.scalar(1e-9),
  ]); // [B, 1]
  const wx = g.op('Mul', [x, g.op('Unsqueeze', [w, g.int64([2])])]);
  return g.op('Div', [g.op('ReduceSum', [wx, g.int64([1])], [attr.int('keepdims', 0)]), total]);
}
