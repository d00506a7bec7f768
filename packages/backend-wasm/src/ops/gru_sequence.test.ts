// The fused GRU kernel against the same recurrence written with unfused tfjs ops, forward
// and every gradient, with padding, on wasm.
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@tfnlp/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxAbsDiff } from '../conformance/run_case.js';
import { initWasm } from '../index.js';
import { gruSequence } from './gru_sequence.js';

beforeAll(async () => {
  await initWasm();
});

/** PyTorch's GRU, one step at a time (gates r, z, n). */
function gruReference(
  xProj: tf.Tensor3D,
  wHH: tf.Tensor2D,
  bHH: tf.Tensor1D,
  h0: tf.Tensor2D,
  mask: tf.Tensor2D,
) {
  const steps = xProj.shape[0];
  let h = h0;
  const hs: tf.Tensor2D[] = [];
  for (let t = 0; t < steps; t++) {
    const x = tf.squeeze(tf.slice(xProj, [t, 0, 0], [1, -1, -1]), [0]);
    const hg = tf.add(tf.matMul(h, wHH, false, true), bHH);
    const [xr, xz, xn] = tf.split(x, 3, 1);
    const [hr, hz, hn] = tf.split(hg, 3, 1);
    const r = tf.sigmoid(tf.add(xr!, hr!));
    const z = tf.sigmoid(tf.add(xz!, hz!));
    const n = tf.tanh(tf.add(xn!, tf.mul(r, hn!)));
    const hNew = tf.add(n, tf.mul(z, tf.sub(h, n)));
    const m = tf.reshape(tf.slice(mask, [t, 0], [1, -1]), [-1, 1]);
    h = tf.add(tf.mul(m, hNew), tf.mul(tf.sub(1, m), h)) as tf.Tensor2D;
    hs.push(h);
  }
  return tf.stack(hs) as tf.Tensor3D;
}

describe('gruSequence (fused wasm kernel)', () => {
  for (const [steps, batch, hidden] of [
    [1, 1, 4],
    [7, 5, 8],
    [6, 9, 13],
  ] as const) {
    it(`matches the unfused recurrence forward and backward (T=${steps} B=${batch} H=${hidden}, padded)`, () => {
      const rng = new Rng(steps * 1000 + batch * 10 + hidden);
      const r = (shape: number[], scale = 1) =>
        tf.tensor(
          Float32Array.from(
            { length: shape.reduce((a, b) => a * b) },
            () => (rng.random() * 2 - 1) * scale,
          ),
          shape,
        );
      const xProj = r([steps, batch, 3 * hidden]) as tf.Tensor3D;
      const wHH = r([3 * hidden, hidden], 0.5) as tf.Tensor2D;
      const bHH = r([3 * hidden]) as tf.Tensor1D;
      const h0 = r([batch, hidden]) as tf.Tensor2D;
      const mask = tf.tensor2d(
        Array.from({ length: steps * batch }, (_, k) =>
          Math.floor(k / batch) < Math.max(1, steps - ((k % batch) % 3)) ? 1 : 0,
        ),
        [steps, batch],
      );
      const weights = r([steps, batch, hidden]);
      const loss =
        (f: typeof gruReference) => (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, h: tf.Tensor) =>
          tf.sum(
            tf.mul(
              f(x as tf.Tensor3D, w as tf.Tensor2D, b as tf.Tensor1D, h as tf.Tensor2D, mask),
              weights,
            ),
          );
      tf.tidy(() => {
        expect(
          maxAbsDiff(
            gruSequence(xProj, wHH, bHH, h0, mask),
            gruReference(xProj, wHH, bHH, h0, mask),
          ),
        ).toBeLessThan(1e-5);
        const gFused = tf.grads(loss(gruSequence))([xProj, wHH, bHH, h0]);
        const gReference = tf.grads(loss(gruReference))([xProj, wHH, bHH, h0]);
        gFused.forEach((g, i) => {
          expect(g.shape).toEqual(gReference[i]!.shape);
          expect(
            maxAbsDiff(g, gReference[i]!),
            `gradient ${['xProj', 'wHH', 'bHH', 'h0'][i]}`,
          ).toBeLessThan(1e-5);
        });
      });
      tf.dispose([xProj, wHH, bHH, h0, mask, weights]);
    });
  }

  it('flushes gradients that decay through time instead of leaving float32 denormals', () => {
    // An update gate of sigmoid(-2) ~ 0.12 shrinks dL/dh ~8x per step back (W_hh = 0): about
    // 45 of 120 steps back the gradients fall below 1e-38, where x86 multiplies ~75x slower.
    const [steps, batch, hidden] = [120, 2, 4];
    const xProj = tf.tidy(() => {
      const gate = (v: number) => tf.fill([steps, batch, hidden], v);
      return tf.concat([gate(0), gate(-2), gate(0.5)], 2) as tf.Tensor3D;
    });
    const w = tf.zeros([3 * hidden, hidden]) as tf.Tensor2D;
    const b = tf.zeros([3 * hidden]) as tf.Tensor1D;
    const h0 = tf.ones([batch, hidden]) as tf.Tensor2D;
    const m = tf.ones([steps, batch]) as tf.Tensor2D;
    const [dx] = tf.grads((a: tf.Tensor) => {
      const hSeq = gruSequence(a as tf.Tensor3D, w, b, h0, m);
      return tf.sum(tf.slice(hSeq, [steps - 1, 0, 0], [1, -1, -1])); // loss on the last step only
    })([xProj]);
    const values = dx!.dataSync();
    const denormals = values.filter((v) => v !== 0 && Math.abs(v) < 1.1754943508222875e-38);
    expect(denormals.length).toBe(0);
    expect(Math.abs(values[values.length - 1]!)).toBeGreaterThan(1e-3); // last step: not flushed
    expect(values[0]).toBe(0); // the first step's gradient decayed to zero
    tf.dispose([xProj, w, b, h0, m, dx!]);
  });
});
