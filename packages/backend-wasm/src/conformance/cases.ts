// The conformance table: every op the @tfnlp layers use, run forward AND backward on
// wasm and compared with the cpu backend (see conformance.test.ts).
//
// One line per case: `op(name, inputs, fn, options?)`. Inputs are shapes (float data,
// seeded) or `ints(shape, maxExclusive)` (int32 data, never differentiated). The
// gradient checked is d/dx sum(fn(x) * w) for a fixed random w, for every float input.
// biome-ignore-all format: the table keeps one case per line.
import * as tf from '@tensorflow/tfjs-core';
import { fusedGelu } from '../ops/gelu.js';
import { fusedLayerNorm } from '../ops/layer_norm.js';
import { fusedSoftmaxCrossEntropy } from '../ops/softmax_cross_entropy.js';

export interface IntInput {
  kind: 'int';
  shape: number[];
  max: number;
}
export interface FloatInput {
  kind: 'float';
  shape: number[];
  /** Values are uniform in [low, high). Default [-2, 2). */
  low: number;
  high: number;
}
export type InputSpec = IntInput | FloatInput;

export interface ConformanceCase {
  name: string;
  inputs: InputSpec[];
  fn: (...xs: tf.Tensor[]) => tf.Tensor;
  /** Compare gradients too (default true; false for integer or piecewise-flat outputs). */
  grad: boolean;
  /** Relative tolerance: |wasm - cpu| <= tol * max(1, |cpu|). Default 1e-5. */
  tol: number;
}

export const ints = (shape: number[], max: number): IntInput => ({ kind: 'int', shape, max });
export const floats = (shape: number[], low = -2, high = 2): FloatInput => ({
  kind: 'float',
  shape,
  low,
  high,
});

const LONG = 1e-4; // long reductions accumulate in a different order per backend

function op(
  name: string,
  inputs: (number[] | InputSpec)[],
  fn: (...xs: tf.Tensor[]) => tf.Tensor,
  options: { grad?: boolean; tol?: number } = {},
): ConformanceCase {
  return {
    name,
    inputs: inputs.map((s) => (Array.isArray(s) ? floats(s) : s)),
    fn,
    grad: options.grad ?? true,
    tol: options.tol ?? 1e-5,
  };
}

const t2 = (x: tf.Tensor) => x as tf.Tensor2D;
const t3 = (x: tf.Tensor) => x as tf.Tensor3D;
const t4 = (x: tf.Tensor) => x as tf.Tensor4D;
const t1 = (x: tf.Tensor) => x as tf.Tensor1D;
// Fused ops (TfnlpLayerNorm, TfnlpGelu, TfnlpSoftmaxCrossEntropy) run their kernel on wasm and
// their plain-op fallback on cpu, so these cases check the kernels against the unfused graph.
const ln = (eps = 1e-5) => (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => fusedLayerNorm(x, t1(g), t1(b), eps);
const ce = (smoothing: number, shift = 0) => (x: tf.Tensor, l: tf.Tensor) =>
  fusedSoftmaxCrossEntropy(t2(x), t1(shift ? tf.sub(l, tf.scalar(shift, 'int32')) : l), smoothing);
const gelu = (x: tf.Tensor) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));
const geluTanh = (x: tf.Tensor) => {
  const inner = tf.mul(
    Math.sqrt(2 / Math.PI),
    tf.add(x, tf.mul(0.044715, tf.mul(x, tf.mul(x, x)))),
  );
  return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(inner)));
};

export const conformanceCases: ConformanceCase[] = [
  // matMul: every transpose flag, plain and batched, incl. broadcast batch
  op('matMul', [[7, 5], [5, 6]], (a, b) => tf.matMul(t2(a), t2(b))),
  op('matMul transposeA', [[5, 7], [5, 6]], (a, b) => tf.matMul(t2(a), t2(b), true, false)),
  op('matMul transposeB', [[7, 5], [6, 5]], (a, b) => tf.matMul(t2(a), t2(b), false, true)),
  op('matMul transposeA+B', [[5, 7], [6, 5]], (a, b) => tf.matMul(t2(a), t2(b), true, true)),
  op('matMul batched', [[3, 7, 5], [3, 5, 6]], (a, b) => tf.matMul(t3(a), t3(b))),
  op('matMul batched transposeA', [[3, 5, 7], [3, 5, 6]], (a, b) => tf.matMul(t3(a), t3(b), true)),
  op('matMul batched transposeB', [[3, 7, 5], [3, 6, 5]], (a, b) => tf.matMul(t3(a), t3(b), false, true)),
  op('matMul batched transposeA+B', [[3, 5, 7], [3, 6, 5]], (a, b) => tf.matMul(t3(a), t3(b), true, true)),
  op('matMul rank-4 (attention)', [[2, 3, 7, 4], [2, 3, 4, 7]], (a, b) => tf.matMul(t4(a), t4(b))),
  op('matMul rank-4 (attention) transposeB', [[2, 3, 7, 4], [2, 3, 7, 4]], (a, b) => tf.matMul(t4(a), t4(b), false, true)),
  op('matMul broadcast batch (batch-1 left)', [[1, 7, 5], [4, 5, 6]], (a, b) => tf.matMul(t3(a), t3(b))),
  op('matMul broadcast batch (batch-1 right)', [[4, 7, 5], [1, 5, 6]], (a, b) => tf.matMul(t3(a), t3(b), false, false)),
  op('matMul rank-4 broadcast [2,1] x [1,3]', [[2, 1, 4, 5], [1, 3, 5, 6]], (a, b) => tf.matMul(t4(a), t4(b))),
  op('matMul rank-3 x rank-2 (dense)', [[3, 7, 5], [5, 6]], (a, b) => tf.matMul(t3(a), b as unknown as tf.Tensor3D)),
  op('matMul rank-3 x rank-2 transposeA', [[3, 5, 7], [5, 6]], (a, b) => tf.matMul(t3(a), b as unknown as tf.Tensor3D, true)),
  op('matMul large (XNNPACK path)', [[64, 96], [96, 80]], (a, b) => tf.matMul(t2(a), t2(b)), { tol: LONG }),
  op('matMul large batched transposeB', [[8, 33, 40], [8, 17, 40]], (a, b) => tf.matMul(t3(a), t3(b), false, true), { tol: LONG }),
  op('matMul long inner', [[4, 1000], [1000, 3]], (a, b) => tf.matMul(t2(a), t2(b)), { tol: LONG }),
  op('matMul packed panels (odd, k > 256)', [[131, 300], [300, 133]], (a, b) => tf.matMul(t2(a), t2(b)), { tol: LONG }),
  op('matMul packed panels transposeA+B', [[300, 131], [133, 300]], (a, b) => tf.matMul(t2(a), t2(b), true, true), { tol: LONG }),
  op('matMul packed panels, n > 512', [[40, 120], [120, 530]], (a, b) => tf.matMul(t2(a), t2(b)), { tol: LONG }),
  op('matMul empty inner', [[3, 0], [0, 4]], (a, b) => tf.matMul(t2(a), t2(b)), { grad: false }),
  // gather (Embedding) and its gradient, UnsortedSegmentSum
  op('gather axis 0 (embedding)', [[11, 6], ints([4, 9], 11)], (p, i) => tf.gather(p, i)),
  op('gather axis 1', [[3, 11, 5], ints([7], 11)], (p, i) => tf.gather(p, i, 1)),
  op('gather int32 values', [ints([11, 3], 50), ints([4], 11)], (p, i) => tf.gather(p, i), { grad: false }),
  op('gather scalar rows (rank-1 params)', [[11], ints([2, 3], 11)], (p, i) => tf.gather(p, i)),
  op('gather row-inner 1', [[11, 1], ints([20], 11)], (p, i) => tf.gather(p, i)),
  op('unsortedSegmentSum', [[20, 7], ints([20], 6)], (x, s) => tf.unsortedSegmentSum(x, s as tf.Tensor1D, 6)),
  op('oneHot', [ints([12], 9)], (i) => tf.oneHot(i as tf.Tensor1D, 9), { grad: false }),
  op('oneHot float32 smoothed', [ints([3, 4], 5)], (i) => tf.oneHot(i, 5, 0.9, 0.025, 'float32'), { grad: false }),
  op('oneHot out of range', [ints([6], 9)], (i) => tf.oneHot(tf.sub(i, tf.scalar(2, 'int32')), 5), { grad: false }),
  // activations
  op('sigmoid', [[4, 9]], (x) => tf.sigmoid(x)),
  op('tanh', [[4, 9]], (x) => tf.tanh(x)),
  op('relu', [[4, 9]], (x) => tf.relu(x)),
  op('gelu (erf)', [[4, 9]], gelu),
  op('gelu (tanh)', [[4, 9]], geluTanh),
  op('erf', [[4, 9]], (x) => tf.erf(x)),
  op('exp', [[4, 9]], (x) => tf.exp(x)),
  op('log', [floats([4, 9], 0.1, 3)], (x) => tf.log(x)),
  op('sqrt', [floats([4, 9], 0.1, 3)], (x) => tf.sqrt(x)),
  op('rsqrt', [floats([4, 9], 0.1, 3)], (x) => tf.rsqrt(x)),
  op('square', [[4, 9]], (x) => tf.square(x)),
  op('softplus', [[4, 9]], (x) => tf.softplus(x)),
  op('elu', [[4, 9]], (x) => tf.elu(x)),
  // softmax family
  op('softmax', [[5, 8]], (x) => tf.softmax(x)),
  op('softmax rank-4 (attention)', [[2, 3, 4, 8]], (x) => tf.softmax(x)),
  op('logSoftmax', [[5, 8]], (x) => tf.logSoftmax(x)),
  op('logSumExp', [[5, 8]], (x) => tf.logSumExp(x, -1)),
  op('softmaxCrossEntropy', [floats([6, 4], 0, 1), [6, 4]], (y, l) => tf.losses.softmaxCrossEntropy(y, l)),
  op('sigmoidCrossEntropy', [floats([6, 1], 0, 1), [6, 1]], (y, l) => tf.losses.sigmoidCrossEntropy(y, l)),
  // layer-norm building blocks
  op('moments mean', [[4, 16]], (x) => tf.moments(x, -1, true).mean),
  op('moments variance', [[4, 16]], (x) => tf.moments(x, -1, true).variance),
  op('layerNorm (composed)', [[3, 5, 16], [16], [16]], (x, g, b) => {
    const { mean, variance } = tf.moments(x, -1, true);
    return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5))), g), b);
  }),
  op('fused layerNorm [3,5,16]', [[3, 5, 16], [16], [16]], ln()),
  op('fused layerNorm d=13 (SIMD tail)', [[4, 13], [13], [13]], ln()),
  op('fused layerNorm d=3, 1 row', [[1, 3], [3], [3]], ln()),
  op('fused layerNorm d=1, eps 1e-3', [[5, 1], [1], [1]], ln(1e-3)),
  op('fused layerNorm offset rows', [floats([6, 37], 5, 7), [37], [37]], ln()),
  op('fused layerNorm large rows d=1027', [[3, 1027], [1027], [1027]], ln()),
  op('fused layerNorm many rows (dgamma sum)', [[300, 8], [8], [8]], ln()),
  op('fused layerNorm no affine', [[4, 10]], (x) => fusedLayerNorm(x)),
  // fused GELU, both forms, over the saturated range too
  op('fused gelu (erf)', [[4, 9]], (x) => fusedGelu(x)),
  op('fused gelu (tanh)', [[4, 9]], (x) => fusedGelu(x, 'tanh')),
  op('fused gelu (erf) wide range, odd size', [floats([3, 337], -9, 9)], (x) => fusedGelu(x)),
  op('fused gelu (tanh) wide range, odd size', [floats([3, 337], -9, 9)], (x) => fusedGelu(x, 'tanh')),
  op('fused gelu 1 element', [[1]], (x) => fusedGelu(x)),
  // fused softmax cross-entropy from class ids
  op('fused softmaxCrossEntropy', [[6, 8], ints([6], 8)], ce(0)),
  op('fused softmaxCrossEntropy C=7 smoothed', [floats([5, 7], -4, 4), ints([5], 7)], ce(0.1)),
  op('fused softmaxCrossEntropy ignored rows (id -1)', [[9, 5], ints([9], 6)], ce(0.2, 1)),
  op('fused softmaxCrossEntropy 1 row, C=2', [[1, 2], ints([1], 2)], ce(0)),
  op('fused softmaxCrossEntropy C=1000 large logits', [floats([3, 1000], -20, 20), ints([3], 1000)], ce(0.05)),
  // element-wise arithmetic with broadcasting
  op('add broadcast', [[3, 4, 5], [5]], (a, b) => tf.add(a, b)),
  op('sub broadcast', [[3, 4, 5], [4, 1]], (a, b) => tf.sub(a, b)),
  op('mul broadcast', [[3, 4, 5], [3, 1, 5]], (a, b) => tf.mul(a, b)),
  op('div', [[3, 5], floats([3, 5], 0.5, 2)], (a, b) => tf.div(a, b)),
  op('maximum', [[3, 5], [3, 5]], (a, b) => tf.maximum(a, b)),
  op('neg', [[3, 5]], (x) => tf.neg(x)),
  op('clipByValue', [[3, 5]], (x) => tf.clipByValue(x, -1, 1)),
  op('addN', [[3, 5], [3, 5], [3, 5]], (a, b, c) => tf.addN([a, b, c])),
  // shape ops
  op('concat axis -1', [[2, 3, 4], [2, 3, 5]], (a, b) => tf.concat([a, b], -1)),
  op('concat axis 0', [[2, 3], [4, 3]], (a, b) => tf.concat([a, b], 0)),
  op('slice', [[4, 6, 5]], (x) => tf.slice(x, [1, 2, 0], [2, 3, -1])),
  op('split', [[4, 9]], (x) => tf.concat(tf.split(x, 3, 1).reverse(), 1)),
  op('split uneven, axis 0', [[7, 3, 2]], (x) => tf.concat(tf.split(x, [2, 4, 1], 0).reverse(), 0)),
  op('split last axis (QKV)', [[2, 5, 12]], (x) => tf.concat(tf.split(x, 3, -1).reverse(), -1)),
  op('slice rank-4 middle', [[3, 4, 5, 6]], (x) => tf.slice(x, [1, 1, 2, 0], [2, 2, 2, 6])),
  op('slice rank-5', [[2, 3, 2, 3, 4]], (x) => tf.slice(x, [0, 1, 0, 1, 1], [2, 2, 1, 2, 3])),
  op('slice int32', [ints([4, 6], 9)], (x) => tf.slice(x, [1, 2], [2, 3]), { grad: false }),
  op('unstack axis 2', [[2, 3, 4]], (x) => tf.stack(tf.unstack(x, 2).reverse(), 2)),
  op('stack', [[3, 4], [3, 4]], (a, b) => tf.stack([a, b], 1)),
  op('unstack', [[3, 4, 2]], (x) => tf.add(tf.unstack(x, 1)[0]!, tf.unstack(x, 1)[3]!)),
  op('reshape', [[3, 4, 6]], (x) => tf.reshape(x, [12, 6])),
  op('clone (Identity)', [[3, 4]], (x) => tf.mul(tf.clone(x), tf.clone(x))),
  op('transpose rank-3', [[3, 4, 5]], (x) => tf.transpose(x, [1, 0, 2])),
  op('transpose rank-4 (heads)', [[2, 5, 3, 4]], (x) => tf.transpose(x, [0, 2, 1, 3])),
  op('expandDims + squeeze', [[3, 4]], (x) => tf.squeeze(tf.expandDims(x, 1), [1])),
  op('tile', [[2, 3]], (x) => tf.tile(x, [2, 3])),
  op('pad', [[2, 3]], (x) => tf.pad(x, [[1, 0], [0, 2]])),
  op('transpose [B, T, C] -> [T, B, C]', [[3, 5, 40]], (x) => tf.transpose(x, [1, 0, 2])),
  op('transpose heads [B, T, h, d] -> [B, h, T, d]', [[2, 5, 3, 64]], (x) =>
    tf.transpose(x, [0, 2, 1, 3]),
  ),
  op('transpose keeping two inner axes', [[4, 3, 4, 9]], (x) => tf.transpose(x, [1, 0, 2, 3])),
  op('transpose short runs (stock)', [[3, 5, 4]], (x) => tf.transpose(x, [1, 0, 2])),
  op('transpose 2-D (stock)', [[6, 7]], (x) => tf.transpose(x)),
  op('reverse', [[2, 5, 3]], (x) => tf.reverse(x, 1)),
  op('reverse time of [T, B, 4H]', [[7, 3, 8]], (x) => tf.reverse(x, 0)),
  op('reverse last axis', [[3, 4, 5]], (x) => tf.reverse(x, -1)),
  op('reverse two axes', [[4, 3, 5]], (x) => tf.reverse(x, [0, 2])),
  op('reverse all axes', [[2, 3, 2, 3]], (x) => tf.reverse(x, [0, 1, 2, 3])),
  op('reverse size-1 axis', [[1, 4]], (x) => tf.reverse(x, 0)),
  op('reverse 1-D', [[9]], (x) => tf.reverse(x)),
  op('cast int->float', [ints([3, 4], 7)], (x) => tf.cast(x, 'float32'), { grad: false }),
  // selection and masking. Conditions come from int inputs: Greater has no gradient, so a
  // condition computed from a differentiated input breaks backprop (on every backend).
  op('where', [[3, 5], [3, 5], ints([3, 5], 2)], (a, b, m) => tf.where(tf.cast(m, 'bool'), a, b)),
  op('where (mask broadcast)', [[2, 4, 4], ints([2, 1, 4], 2)], (x, m) => tf.where(tf.cast(m, 'bool'), x, tf.fill(x.shape, -1e9))),
  op('greater/equal (no grad)', [[3, 5], [3, 5]], (a, b) => tf.add(tf.cast(tf.greater(a, b), 'float32'), tf.cast(tf.equal(tf.round(a), tf.round(b)), 'float32')), { grad: false }),
  op('dropout (seeded)', [[8, 16]], (x) => tf.dropout(x, 0.3, undefined, 42)),
  op('dropout mask ops', [[8, 16], ints([8, 16], 2)], (x, m) => tf.div(tf.mul(x, tf.cast(m, 'float32')), 0.7)),
  // reductions
  op('sum', [[4, 7]], (x) => tf.sum(x, 1)),
  op('sum leading axis (bias grad)', [[37, 13]], (x) => tf.sum(x, 0)),
  op('sum leading axes keepDims', [[3, 5, 8]], (x) => tf.sum(x, [0, 1], true)),
  op('sum leading (long)', [[3000, 8]], (x) => tf.sum(x, 0), { tol: LONG }),
  op('sum middle axis (stock path)', [[3, 5, 8]], (x) => tf.sum(x, 1)),
  op('sum all (long)', [[100, 100]], (x) => tf.sum(x), { tol: LONG }),
  op('mean', [[4, 7]], (x) => tf.mean(x, 0)),
  op('mean (long)', [[10, 1000]], (x) => tf.mean(x, 1), { tol: LONG }),
  op('max', [[4, 7]], (x) => tf.max(x, 1)),
  op('min', [[4, 7]], (x) => tf.min(x, -1)),
  op('argMax', [[4, 7]], (x) => tf.argMax(x, -1), { grad: false }),
  op('cumsum', [[3, 6]], (x) => tf.cumsum(x, 1)),
];
