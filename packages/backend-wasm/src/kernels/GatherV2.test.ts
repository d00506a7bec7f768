import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasm } from '../index.js';

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
