// Every op the layers use, forward and gradient, on wasm vs the cpu backend.
// The table lives in cases.ts; this file only runs it.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasm } from '../index.js';
import { conformanceCases } from './cases.js';
import { maxRelativeError, runCase } from './run_case.js';

beforeAll(async () => {
  await initWasm();
});

describe('wasm conformance vs cpu', () => {
  it('covers the ops the layers need', () => {
    const names = conformanceCases.map((c) => c.name).join('\n');
    for (const op of [
      'matMul transposeA+B',
      'gather axis 0',
      'softmax',
      'logSoftmax',
      'moments',
      'rsqrt',
      'gelu (erf)',
      'gelu (tanh)',
      'where',
      'dropout',
      'oneHot',
      'argMax',
      'unstack',
      'split',
      'fused layerNorm',
      'fused gelu (erf)',
      'fused gelu (tanh)',
      'fused softmaxCrossEntropy',
    ]) {
      expect(names).toContain(op);
    }
  });

  it.each(conformanceCases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const expected = await runCase(c, 'cpu');
    const before = tf.memory().numTensors;
    const actual = await runCase(c, 'wasm');
    expect(tf.memory().numTensors).toBe(before);

    const forward = maxRelativeError(actual.forward, expected.forward);
    expect(forward.error, `forward differs at ${forward.index}`).toBeLessThanOrEqual(c.tol);
    expect(actual.grads.length).toBe(expected.grads.length);
    actual.grads.forEach((g, i) => {
      const grad = maxRelativeError(g, expected.grads[i]!);
      expect(grad.error, `gradient of input ${i} differs at ${grad.index}`).toBeLessThanOrEqual(
        c.tol,
      );
    });
    if (c.grad) expect(actual.grads.length).toBeGreaterThan(0);
  });
});
