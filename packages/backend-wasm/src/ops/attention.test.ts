// The fused attention kernel against softmax(scale·q·kᵀ + bias)·v written with tfjs ops,
// forward and gradients, with key-padding and causal masks and with dropout.
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@tfnlp/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxAbsDiff } from '../conformance/run_case.js';
import { initWasm } from '../index.js';
import { fusedAttention } from './attention.js';
import { dropoutMask } from './dropout_mask.js';

beforeAll(async () => {
  await initWasm();
});

const cases = [
  { name: 'no mask', B: 2, h: 2, tq: 5, tk: 5, d: 4, dv: 4, mask: 'none', rate: 0 },
  { name: 'key padding', B: 3, h: 2, tq: 7, tk: 7, d: 8, dv: 8, mask: 'keys', rate: 0 },
  { name: 'causal, cross lengths', B: 2, h: 3, tq: 6, tk: 6, d: 5, dv: 3, mask: 'causal', rate: 0 },
  { name: 'key padding + dropout', B: 2, h: 2, tq: 9, tk: 9, d: 8, dv: 8, mask: 'keys', rate: 0.3 },
  {
    name: 'cross attention Tq != Tk',
    B: 2,
    h: 2,
    tq: 4,
    tk: 11,
    d: 8,
    dv: 6,
    mask: 'keys',
    rate: 0,
  },
] as const;

describe('fusedAttention (wasm kernel)', () => {
  for (const c of cases) {
    it(`matches the unfused graph forward and backward: ${c.name}`, () => {
      const rng = new Rng(c.tq * 31 + c.tk * 7 + c.d);
      const r = (shape: number[]) =>
        tf.tensor(
          Float32Array.from({ length: shape.reduce((a, b) => a * b) }, () => rng.random() * 2 - 1),
          shape,
        );
      const BH = c.B * c.h;
      const q = r([BH, c.tq, c.d]) as tf.Tensor3D;
      const k = r([BH, c.tk, c.d]) as tf.Tensor3D;
      const v = r([BH, c.tk, c.dv]) as tf.Tensor3D;
      const w = r([BH, c.tq, c.dv]);
      const bias = tf.tidy(() => {
        if (c.mask === 'causal') {
          const allowed = tf.linalg.bandPart(tf.ones([c.tq, c.tk]), -1, 0);
          return tf.tile(tf.expandDims(tf.mul(tf.sub(1, allowed), -1e9), 0), [c.B, 1, 1]);
        }
        const keyMask = Array.from({ length: c.B * c.tk }, (_, i) =>
          i % c.tk < c.tk - (Math.floor(i / c.tk) % 3) ? 0 : -1e9,
        );
        return c.mask === 'keys' ? tf.tensor3d(keyMask, [c.B, 1, c.tk]) : tf.zeros([c.B, 1, c.tk]);
      }) as tf.Tensor3D;
      const scale = 1 / Math.sqrt(c.d);
      const seed = 1234;
      const reference = (qq: tf.Tensor, kk: tf.Tensor, vv: tf.Tensor) => {
        const scores = tf.mul(tf.matMul(qq as tf.Tensor3D, kk as tf.Tensor3D, false, true), scale); // [BH, Tq, Tk]
        const b4 = tf.reshape(tf.tile(tf.expandDims(bias, 1), [1, c.h, 1, 1]), [
          BH,
          bias.shape[1],
          c.tk,
        ]);
        let p = tf.softmax(tf.add(scores, b4));
        if (c.rate > 0) p = tf.mul(p, dropoutMask([BH, c.tq, c.tk], c.rate, seed));
        return tf.matMul(p as tf.Tensor3D, vv as tf.Tensor3D);
      };
      const fused = (qq: tf.Tensor, kk: tf.Tensor, vv: tf.Tensor) =>
        fusedAttention(qq as tf.Tensor3D, kk as tf.Tensor3D, vv as tf.Tensor3D, bias, {
          heads: c.h,
          scale,
          dropout: c.rate,
          seed,
        });
      tf.tidy(() => {
        expect(maxAbsDiff(fused(q, k, v), reference(q, k, v))).toBeLessThan(1e-5);
        const loss =
          (f: (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.Tensor) =>
          (a: tf.Tensor, b: tf.Tensor, cc: tf.Tensor) =>
            tf.sum(tf.mul(f(a, b, cc), w));
        const gf = tf.grads(loss(fused))([q, k, v]);
        const gr = tf.grads(loss(reference))([q, k, v]);
        gf.forEach((g, i) => {
          expect(maxAbsDiff(g, gr[i]!), `gradient of ${'qkv'[i]}`).toBeLessThan(1e-5);
        });
      });
      tf.dispose([q, k, v, w, bias]);
    });
  }

  it('keeps no [B·h, Tq, Tk] tensor alive between forward and backward', () => {
    const q = tf.randomNormal([8, 64, 16]) as tf.Tensor3D;
    const bias = tf.zeros([4, 1, 64]) as tf.Tensor3D;
    const before = tf.memory().numBytes;
    const g = tf.grad((x: tf.Tensor) =>
      tf.sum(fusedAttention(x as tf.Tensor3D, q, q, bias, { heads: 2, scale: 0.25 })),
    )(q);
    expect(g.shape).toEqual([8, 64, 16]);
    g.dispose();
    expect(tf.memory().numBytes).toBe(before);
    tf.dispose([q, bias]);
  });
});
