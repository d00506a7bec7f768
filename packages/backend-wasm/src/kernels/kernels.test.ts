import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasm } from '../index.js';
import { setGemmPacking } from '../simd_kernels.js';

beforeAll(async () => {
  await initWasm();
});

describe('GatherV2 on wasm (row copies)', () => {
  it('gathers rows on any axis', () => {
    const x = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [2, 3, 2]);
    expect(Array.from(tf.gather(x, tf.tensor1d([2, 0, 2], 'int32'), 1).dataSync())).toEqual([
      5, 6, 1, 2, 5, 6, 11, 12, 7, 8, 11, 12,
    ]);
    expect(tf.gather(x, tf.tensor2d([[1], [0]], [2, 1], 'int32'), 0).shape).toEqual([2, 1, 3, 2]);
  });

  it('rejects an out-of-range id with the index and the valid range', () => {
    const table = tf.zeros([10, 4]);
    expect(() => tf.gather(table, tf.tensor1d([3, 10], 'int32'))).toThrow(
      'GatherV2: the index value 10 is not in [0, 9]',
    );
    expect(() => tf.gather(table, tf.tensor1d([-1], 'int32'))).toThrow(/-1 is not in \[0, 9\]/);
  });
});

describe('Identity on wasm', () => {
  it('shares data instead of copying, and disposing either side keeps the other', () => {
    const x = tf.tensor1d([1, 2, 3]);
    const y = tf.clone(x);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3]);
    const before = tf.memory().numDataBuffers;
    const z = tf.clone(y);
    expect(tf.memory().numDataBuffers).toBe(before); // no new buffer
    y.dispose();
    expect(Array.from(z.dataSync())).toEqual([1, 2, 3]);
    z.dispose();
  });

  it('keeps variables independent of their clones across assign()', () => {
    const v = tf.variable(tf.tensor1d([1, 2]));
    const snapshot = tf.clone(v);
    v.assign(tf.tensor1d([5, 6]));
    expect(Array.from(snapshot.dataSync())).toEqual([1, 2]);
    expect(Array.from(v.dataSync())).toEqual([5, 6]);
  });
});

describe('BatchMatMul panel packing', () => {
  it('gives bit-identical results to the unpacked GEMM, for every flag, tails and blocks', () => {
    const backend = tf.backend() as BackendWasm;
    try {
      // m tail 1, n tail 3 and n > NC (512), k > KC (256); a batched and broadcast case.
      for (const [sa, sb, ta, tb] of [
        [[37, 300], [300, 75], false, false],
        [[300, 37], [300, 75], true, false],
        [[37, 300], [75, 300], false, true],
        [[300, 37], [530, 300], true, true],
        [[3, 13, 40], [1, 40, 531], false, false],
      ] as [number[], number[], boolean, boolean][]) {
        const a = tf.randomNormal(sa, 0, 1, 'float32', 1);
        const b = tf.randomNormal(sb, 0, 1, 'float32', 2);
        setGemmPacking(backend, true);
        const packed = tf.matMul(a, b, ta, tb);
        setGemmPacking(backend, false);
        const plain = tf.matMul(a, b, ta, tb);
        expect(packed.shape).toEqual(plain.shape);
        expect(Array.from(packed.dataSync())).toEqual(Array.from(plain.dataSync()));
        tf.dispose([a, b, packed, plain]);
      }
    } finally {
      setGemmPacking(backend, true);
    }
  });
});
