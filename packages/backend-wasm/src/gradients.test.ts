import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasm } from './index.js';

beforeAll(async () => {
  await initWasm();
});

describe('after importing only @tfnlp/backend-wasm', () => {
  it('tf.grad works (tfjs-core alone registers no gradients in Node)', () => {
    const dx = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(x, x)))(tf.tensor1d([1, -2, 3]));
    expect(Array.from(dx.dataSync())).toEqual([2, -4, 6]);
  });

  it('chained ops exist on tensors', () => {
    const y = tf.tensor1d([1, 2]).add(1).mul(2);
    expect(Array.from(y.dataSync())).toEqual([4, 6]);
  });

  it('the broadcast BatchMatMul gradient is summed back to the input shape', () => {
    const x = tf.ones([2, 3, 4]); // [batch, time, in]
    const w = tf.ones([4, 5]); // [in, out]
    const dw = tf.grad((w: tf.Tensor) =>
      tf.sum(tf.matMul(x as tf.Tensor3D, w as unknown as tf.Tensor3D)),
    )(w);
    expect(dw.shape).toEqual([4, 5]);
    expect(dw.dataSync()[0]).toBe(6); // batch * time
  });

  it('optimizers update variables on wasm', () => {
    const v = tf.variable(tf.tensor1d([1, 1]));
    tf.train.sgd(0.5).minimize(() => tf.sum(tf.square(v)));
    expect(Array.from(v.dataSync())).toEqual([0, 0]);
  });
});
