/**
 * Seeded weight initialisers. Each returns a fresh tensor; the caller wraps it in a
 * `tf.Variable` (see `Module.addParameter`). Defaults follow PyTorch's layers so that
 * a freshly built module has the same distribution as its torch twin (not the same values:
 * torch's generator differs; parity tests load torch weights instead).
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@tfnlp/core';

/** A tensor shape. */
export type Shape = number[];

function size(shape: Shape): number {
  return shape.reduce((a, b) => a * b, 1);
}

function rngOf(seed: number | Rng): Rng {
  return typeof seed === 'number' ? new Rng(seed) : seed;
}

/** U[-bound, bound). PyTorch's Linear/RNN default with bound = 1/sqrt(fanIn). */
export function uniform(shape: Shape, bound: number, seed: number | Rng): tf.Tensor {
  return tf.tensor(rngOf(seed).uniformArray(size(shape), -bound, bound), shape, 'float32');
}

/** N(0, std^2). PyTorch's Embedding default with std = 1. */
export function normal(shape: Shape, std: number, seed: number | Rng): tf.Tensor {
  return tf.tensor(rngOf(seed).normalArray(size(shape), 0, std), shape, 'float32');
}

/** Glorot/Xavier uniform for a [fanOut, fanIn] matrix (PyTorch MultiheadAttention in_proj). */
export function xavierUniform(shape: [number, number], seed: number | Rng, gain = 1): tf.Tensor {
  const [fanOut, fanIn] = shape;
  const bound = gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform(shape, bound, seed);
}

/** A float32 tensor of zeros. */
export function zeros(shape: Shape): tf.Tensor {
  return tf.zeros(shape, 'float32');
}

/** A float32 tensor of ones. */
export function ones(shape: Shape): tf.Tensor {
  return tf.ones(shape, 'float32');
}
