// The fused LayerNorm, GELU and softmax cross-entropy ops: they really run their kernels on
// wasm (forward and gradient), free what they allocate, and reject bad inputs clearly.
// Numerical agreement with the unfused graph is checked by the conformance suite.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasm } from '../index.js';
import { fusedGelu, hasFusedGelu } from './gelu.js';
import { fusedLayerNorm, hasFusedLayerNorm } from './layer_norm.js';
import { fusedSoftmaxCrossEntropy, hasFusedSoftmaxCrossEntropy } from './softmax_cross_entropy.js';

beforeAll(async () => {
  await initWasm();
});

/** Kernel names run by `fn` (forward and, through tf.grads, backward). */
async function kernelsOf(fn: () => tf.Tensor | tf.Tensor[]): Promise<string[]> {
  const info = await tf.profile(fn);
  tf.dispose(info.result);
  return info.kernelNames;
}

describe('fused LayerNorm / GELU / cross-entropy on wasm', () => {
  it('are registered', () => {
    expect(hasFusedLayerNorm('wasm')).toBe(true);
    expect(hasFusedGelu('wasm')).toBe(true);
    expect(hasFusedSoftmaxCrossEntropy('wasm')).toBe(true);
    expect(hasFusedLayerNorm('cpu')).toBe(false);
  });

  it('layerNorm runs one kernel each way and leaks nothing', async () => {
    const x = tf.randomNormal([4, 6, 10]);
    const g = tf.randomNormal([10]) as tf.Tensor1D;
    const b = tf.randomNormal([10]) as tf.Tensor1D;
    const before = tf.memory().numTensors;
    const names = await kernelsOf(() =>
      tf.grads((xx, gg, bb) => tf.sum(fusedLayerNorm(xx, gg as tf.Tensor1D, bb as tf.Tensor1D)))([
        x,
        g,
        b,
      ]),
    );
    expect(names).toContain('TfnlpLayerNorm');
    expect(names).toContain('TfnlpLayerNormGrad');
    expect(names).not.toContain('Mean');
    expect(names).not.toContain('Rsqrt');
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, g, b]);
  });

  it('layerNorm output rows have mean 0 and variance 1 (identity affine)', () => {
    const x = tf.tensor2d([1, 2, 3, 4, 5, 10, 10, 10, 10, 14], [2, 5]);
    const y = fusedLayerNorm(x).arraySync() as number[][];
    for (const row of y) {
      const mean = row.reduce((a, v) => a + v, 0) / row.length;
      const variance = row.reduce((a, v) => a + (v - mean) ** 2, 0) / row.length;
      expect(Math.abs(mean)).toBeLessThan(1e-6);
      expect(variance).toBeCloseTo(1, 3);
    }
    tf.dispose([x]);
  });

  it('gelu runs one kernel each way, both forms', async () => {
    const x = tf.randomNormal([3, 7]);
    for (const form of ['none', 'tanh'] as const) {
      const names = await kernelsOf(() => tf.grad((xx) => tf.sum(fusedGelu(xx, form)))(x));
      expect(names).toEqual(expect.arrayContaining(['TfnlpGelu', 'TfnlpGeluGrad']));
      expect(names).not.toContain('Erf');
      expect(names).not.toContain('Tanh');
    }
    // gelu(0) = 0, gelu(3) ≈ 3·Φ(3) = 2.99595
    const y = fusedGelu(tf.tensor1d([0, 3])).dataSync();
    expect(y[0]).toBe(0);
    expect(y[1]).toBeCloseTo(2.99595, 4);
    tf.dispose(x);
  });

  it('cross-entropy: one kernel each way; an ignored row has loss 0 and no gradient', async () => {
    const logits = tf.tensor2d([2, 0, -1, 0.5, 0.5, 0.5], [2, 3]);
    const labels = tf.tensor1d([0, -1], 'int32');
    const names = await kernelsOf(() =>
      tf.grad((l) => tf.sum(fusedSoftmaxCrossEntropy(l as tf.Tensor2D, labels)))(logits),
    );
    expect(names).toEqual(
      expect.arrayContaining(['TfnlpSoftmaxCrossEntropy', 'TfnlpSoftmaxCrossEntropyGrad']),
    );
    const loss = fusedSoftmaxCrossEntropy(logits, labels).dataSync();
    const lse = Math.log(Math.exp(2) + 1 + Math.exp(-1));
    expect(loss[0]).toBeCloseTo(lse - 2, 5);
    expect(loss[1]).toBe(0);
    const grad = tf
      .grad((l) => tf.sum(fusedSoftmaxCrossEntropy(l as tf.Tensor2D, labels)))(logits)
      .dataSync();
    expect(Array.from(grad.slice(3))).toEqual([0, 0, 0]);
    expect(grad[0]).toBeCloseTo(Math.exp(2) / Math.exp(lse) - 1, 5);
    tf.dispose([logits, labels]);
  });

  it('reject bad inputs with clear errors', () => {
    const logits = tf.zeros([2, 3]) as tf.Tensor2D;
    expect(() => fusedSoftmaxCrossEntropy(logits, tf.tensor1d([0, 3], 'int32'))).toThrow(
      /label 3 at row 1 is not a class id in \[0, 3\)/,
    );
    expect(() => fusedSoftmaxCrossEntropy(logits, tf.tensor1d([0], 'int32'))).toThrow(
      /labels must be int32 \[2\]/,
    );
    expect(() => fusedSoftmaxCrossEntropy(logits, tf.tensor1d([0, 1], 'int32'), 1)).toThrow(
      /labelSmoothing must be in \[0, 1\)/,
    );
    expect(() => fusedLayerNorm(tf.zeros([2, 4]), tf.ones([3]) as tf.Tensor1D)).toThrow(
      /gamma must be \[4\]/,
    );
    expect(() => fusedGelu(tf.zeros([2]), 'fast' as never)).toThrow(/'none' or 'tanh'/);
  });
});
