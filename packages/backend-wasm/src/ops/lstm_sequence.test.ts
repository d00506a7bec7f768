// The fused LSTM kernel against the same recurrence written with unfused tfjs ops,
// forward and every gradient, with padding, on wasm.
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@tfnlp/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxAbsDiff } from '../conformance/run_case.js';
import { initWasm } from '../index.js';
import { lstmSequence } from './lstm_sequence.js';

beforeAll(async () => {
  await initWasm();
});

/** The textbook recurrence, one step at a time (PyTorch gate order i, f, g, o). */
function lstmReference(
  xProj: tf.Tensor3D,
  wHH: tf.Tensor2D,
  h0: tf.Tensor2D,
  c0: tf.Tensor2D,
  mask: tf.Tensor2D,
) {
  const [steps, , gates4] = xProj.shape;
  const hidden = gates4 / 4;
  let h = h0;
  let c = c0;
  const hs: tf.Tensor2D[] = [];
  const cs: tf.Tensor2D[] = [];
  for (let t = 0; t < steps; t++) {
    const g = tf.add(
      tf.squeeze(tf.slice(xProj, [t, 0, 0], [1, -1, -1]), [0]),
      tf.matMul(h, wHH, false, true),
    );
    const [i, f, gg, o] = tf.split(g, 4, 1) as tf.Tensor2D[];
    const cNew = tf.add(tf.mul(tf.sigmoid(f!), c), tf.mul(tf.sigmoid(i!), tf.tanh(gg!)));
    const hNew = tf.mul(tf.sigmoid(o!), tf.tanh(cNew));
    const m = tf.reshape(tf.slice(mask, [t, 0], [1, -1]), [-1, 1]); // [B, 1]
    c = tf.add(tf.mul(m, cNew), tf.mul(tf.sub(1, m), c));
    h = tf.add(tf.mul(m, hNew), tf.mul(tf.sub(1, m), h));
    hs.push(h);
    cs.push(c);
  }
  void hidden;
  return { hSeq: tf.stack(hs) as tf.Tensor3D, cSeq: tf.stack(cs) as tf.Tensor3D };
}

describe('lstmSequence (fused wasm kernel)', () => {
  for (const [steps, batch, hidden] of [
    [1, 1, 4],
    [7, 5, 8],
    [6, 9, 13], // hidden not a multiple of 4, batch not a multiple of 4
  ] as const) {
    it(`matches the unfused recurrence forward and backward (T=${steps} B=${batch} H=${hidden}, padded)`, () => {
      const rng = new Rng(steps * 100 + batch * 10 + hidden);
      const r = (shape: number[], scale = 1) =>
        tf.tensor(
          Float32Array.from(
            { length: shape.reduce((a, b) => a * b) },
            () => (rng.random() * 2 - 1) * scale,
          ),
          shape,
        );
      const xProj = r([steps, batch, 4 * hidden]) as tf.Tensor3D;
      const wHH = r([4 * hidden, hidden], 0.5) as tf.Tensor2D;
      const h0 = r([batch, hidden]) as tf.Tensor2D;
      const c0 = r([batch, hidden]) as tf.Tensor2D;
      // Row b has length steps - (b % 3): trailing padding on most rows.
      const mask = tf.tensor2d(
        Array.from({ length: steps * batch }, (_, k) =>
          Math.floor(k / batch) < Math.max(1, steps - ((k % batch) % 3)) ? 1 : 0,
        ),
        [steps, batch],
      );
      const wH = r([steps, batch, hidden]);
      const wC = r([steps, batch, hidden]);
      const loss =
        (f: typeof lstmReference) => (x: tf.Tensor, w: tf.Tensor, h: tf.Tensor, c: tf.Tensor) => {
          const out = f(
            x as tf.Tensor3D,
            w as tf.Tensor2D,
            h as tf.Tensor2D,
            c as tf.Tensor2D,
            mask,
          );
          return tf.add(tf.sum(tf.mul(out.hSeq, wH)), tf.sum(tf.mul(out.cSeq, wC)));
        };
      tf.tidy(() => {
        const fused = lstmSequence(xProj, wHH, h0, c0, mask);
        const reference = lstmReference(xProj, wHH, h0, c0, mask);
        expect(maxAbsDiff(fused.hSeq, reference.hSeq)).toBeLessThan(1e-5);
        expect(maxAbsDiff(fused.cSeq, reference.cSeq)).toBeLessThan(1e-5);
        const gFused = tf.grads(loss(lstmSequence))([xProj, wHH, h0, c0]);
        const gReference = tf.grads(loss(lstmReference))([xProj, wHH, h0, c0]);
        gFused.forEach((g, i) => {
          expect(g.shape).toEqual(gReference[i]!.shape);
          expect(
            maxAbsDiff(g, gReference[i]!),
            `gradient ${['xProj', 'wHH', 'h0', 'c0'][i]}`,
          ).toBeLessThan(1e-5);
        });
      });
      tf.dispose([xProj, wHH, h0, c0, mask, wH, wC]);
    });
  }

  it('flushes gradients that decay through time instead of leaving float32 denormals', () => {
    // A forget gate of sigmoid(-2) ~ 0.12 shrinks dL/dc ~8x per step: after ~45 of 120 steps
    // back the gradients are below 1e-38 (denormal), which x86 multiplies ~75x slower.
    const [steps, batch, hidden] = [120, 2, 4];
    const xProj = tf.tidy(() => {
      const gate = (v: number) => tf.fill([steps, batch, hidden], v);
      return tf.concat([gate(0), gate(-2), gate(0.5), gate(0)], 2) as tf.Tensor3D;
    });
    const w = tf.zeros([4 * hidden, hidden]) as tf.Tensor2D;
    const z = tf.zeros([batch, hidden]) as tf.Tensor2D;
    const m = tf.ones([steps, batch]) as tf.Tensor2D;
    const [dx] = tf.grads((a: tf.Tensor) => {
      const { hSeq } = lstmSequence(a as tf.Tensor3D, w, z, z, m);
      return tf.sum(tf.slice(hSeq, [steps - 1, 0, 0], [1, -1, -1])); // loss on the last step only
    })([xProj]);
    const values = dx!.dataSync();
    const denormals = values.filter((v) => v !== 0 && Math.abs(v) < 1.1754943508222875e-38);
    expect(denormals.length).toBe(0);
    expect(Math.abs(values[values.length - 1]!)).toBeGreaterThan(1e-3); // the last step is not flushed
    expect(values[0]).toBe(0); // the first step's gradient decayed to zero
    tf.dispose([xProj, w, z, m, dx!]);
  });

  it('leaks no tensors across forward + backward', () => {
    const x = tf.randomNormal([5, 3, 16]) as tf.Tensor3D;
    const w = tf.randomNormal([16, 4]) as tf.Tensor2D;
    const z = tf.zeros([3, 4]) as tf.Tensor2D;
    const m = tf.ones([5, 3]) as tf.Tensor2D;
    const step = () =>
      tf.tidy(
        () =>
          void tf.grads((a: tf.Tensor) => tf.sum(lstmSequence(a as tf.Tensor3D, w, z, z, m).hSeq))([
            x,
          ]),
      );
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, w, z, m]);
  });

  it('rejects mismatched shapes with a message naming the input', () => {
    const x = tf.zeros([2, 3, 8]) as tf.Tensor3D;
    expect(() =>
      lstmSequence(
        x,
        tf.zeros([8, 3]) as tf.Tensor2D,
        tf.zeros([3, 2]) as tf.Tensor2D,
        tf.zeros([3, 2]) as tf.Tensor2D,
        tf.ones([2, 3]) as tf.Tensor2D,
      ),
    ).toThrow(/wHH must be \[8, 2\]/);
  });
});
