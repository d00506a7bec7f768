import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { linear, mm, unstack } from './ops.js';

beforeAll(() => initWasm());

describe('ops', () => {
  it('unstack matches tf.unstack for every length, including the chunked path, and differentiates', () => {
    for (const n of [1, 2, 8, 9, 17, 50]) {
      tf.tidy(() => {
        const x = tf.randomNormal([n, 3, 2], 0, 1, 'float32', n);
        const ours = unstack(x);
        const ref = tf.unstack(x);
        expect(ours).toHaveLength(n);
        ours.forEach((t, i) => {
          expect(t.shape).toEqual([3, 2]);
          expect(Array.from(t.dataSync())).toEqual(Array.from(ref[i]!.dataSync()));
        });
        // d/dx sum_i (i+1) * sum(x_i) = i+1 on every element of slice i.
        const g = tf.grad((v: tf.Tensor) =>
          tf.addN(unstack(v).map((t, i) => tf.mul(tf.sum(t), i + 1))),
        )(x);
        const expected = Array.from({ length: n }, (_, i) => new Array(6).fill(i + 1)).flat();
        expect(Array.from(g.dataSync())).toEqual(expected);
      });
    }
    tf.tidy(() => {
      expect(unstack(tf.ones([2, 11]), 1)).toHaveLength(11);
    });
  });

  it('linear and mm give the same values and gradients as tf.matMul', () => {
    tf.tidy(() => {
      const x = tf.randomNormal([5, 4], 0, 1, 'float32', 1);
      const w = tf.randomNormal([3, 4], 0, 1, 'float32', 2);
      const b = tf.randomNormal([3], 0, 1, 'float32', 3);
      const ref = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) =>
        tf.add(tf.matMul(xx, ww, false, true), bb);
      const close = (a: tf.Tensor, c: tf.Tensor): void => {
        expect(Math.max(...tf.abs(tf.sub(a, c)).dataSync())).toBeLessThan(1e-5);
      };
      close(linear(x, w, b), ref(x, w, b));
      const r = tf.randomNormal([5, 3], 0, 1, 'float32', 4);
      const gOurs = tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) =>
        tf.sum(tf.mul(linear(xx, ww, bb), r)),
      )([x, w, b]);
      const gRef = tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) =>
        tf.sum(tf.mul(ref(xx, ww, bb), r)),
      )([x, w, b]);
      for (const [i, g] of gOurs.entries()) close(g, gRef[i]!);
      const a = tf.randomNormal([2, 4], 0, 1, 'float32', 5) as tf.Tensor2D;
      const m = tf.randomNormal([4, 3], 0, 1, 'float32', 6) as tf.Tensor2D;
      const q = tf.randomNormal([2, 3], 0, 1, 'float32', 7);
      const g1 = tf.grads((aa: tf.Tensor, mmm: tf.Tensor) =>
        tf.sum(tf.mul(mm(aa as tf.Tensor2D, mmm as tf.Tensor2D), q)),
      )([a, m]);
      const g2 = tf.grads((aa: tf.Tensor, mmm: tf.Tensor) => tf.sum(tf.mul(tf.matMul(aa, mmm), q)))(
        [a, m],
      );
      for (const [i, g] of g1.entries()) close(g, g2[i]!);
      expect(() => linear(tf.ones([2, 5]), w)).toThrow(/last dimension is 5/);
    });
  });
});
