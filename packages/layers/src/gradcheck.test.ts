// Finite-difference gradient checks: analytic gradients (tf.variableGrads through every
// layer's ops, including linear()'s custom gradient) against central differences.
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { Rng } from '@tfnlp/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { MultiHeadAttention } from './attention/multi_head_attention.js';
import type { Module } from './core/module.js';
import { gelu, geluTanh } from './layers/activations.js';
import { Dense } from './layers/dense.js';
import { LayerNorm } from './layers/layer_norm.js';
import { maskedMaxPool, maskedMeanPool } from './layers/pooling.js';
import { GRU } from './recurrent/gru.js';
import { LSTM } from './recurrent/lstm.js';
import { TransformerDecoderLayer } from './transformer/decoder_layer.js';

beforeAll(() => initWasm());

const EPS = 1e-2;

/**
 * Checks d loss / d v for up to `samples` coordinates of each variable, loss = sum(f() * R).
 * float32 central differences: tolerance 2e-3 + 2e-2 * |g|.
 */
function gradCheck(vars: tf.Variable[], f: () => tf.Tensor, samples = 6, seed = 1): number {
  const rng = new Rng(seed);
  const R = tf.tidy(() => tf.randomNormal(f().shape, 0, 1, 'float32', seed));
  const loss = () => tf.sum(tf.mul(f(), R)) as tf.Scalar;
  const { grads, value } = tf.variableGrads(loss, vars);
  value.dispose();
  let worst = 0;
  for (const v of vars) {
    const g = grads[v.name]!.dataSync();
    const base = v.dataSync().slice();
    for (let s = 0; s < Math.min(samples, v.size); s++) {
      const i = Math.floor(rng.random() * v.size);
      const at = (delta: number) => {
        const copy = base.slice();
        copy[i] = base[i]! + delta;
        v.assign(tf.tensor(copy, v.shape));
        return tf.tidy(() => loss().dataSync()[0]!);
      };
      const numeric = (at(EPS) - at(-EPS)) / (2 * EPS);
      v.assign(tf.tensor(base, v.shape));
      const err = Math.abs(numeric - g[i]!) / (2e-3 + 2e-2 * Math.abs(g[i]!));
      worst = Math.max(worst, err);
      expect(err, `${v.name}[${i}]: analytic ${g[i]} vs numeric ${numeric}`).toBeLessThan(1);
    }
  }
  tf.dispose([R, ...Object.values(grads)]);
  return worst;
}

const rand = (shape: number[], seed: number) =>
  tf.variable(tf.randomNormal(shape, 0, 1, 'float32', seed));
const params = (m: Module) => m.trainableParameters();

describe('finite-difference gradient checks', () => {
  it('activations and pooling', () => {
    const x = rand([2, 4, 3], 1);
    const mask = tf.tensor2d([
      [1, 1, 1, 0],
      [1, 1, 0, 0],
    ]);
    gradCheck([x], () => gelu(x));
    gradCheck([x], () => geluTanh(x));
    gradCheck([x], () => maskedMeanPool(x as unknown as tf.Tensor3D, mask));
    gradCheck([x], () => maskedMaxPool(x as unknown as tf.Tensor3D, mask));
    tf.dispose([x, mask]);
  });

  it('Dense (custom linear gradient) and LayerNorm', () => {
    const x = rand([2, 3, 5], 2);
    const dense = new Dense({ inFeatures: 5, outFeatures: 4, seed: 1 });
    const noBias = new Dense({ inFeatures: 5, outFeatures: 4, bias: false, seed: 2 });
    const ln = new LayerNorm({ dim: 5 });
    gradCheck([x, ...params(dense)], () => dense.forward(x));
    gradCheck([x, ...params(noBias)], () => noBias.forward(x));
    gradCheck([x, ...params(ln)], () => ln.forward(x));
    [dense, noBias, ln].forEach((m) => {
      m.dispose();
    });
    x.dispose();
  });

  it('LSTM and GRU with padding', () => {
    const x = rand([2, 4, 3], 3);
    const mask = tf.tensor2d([
      [1, 1, 1, 1],
      [1, 1, 0, 0],
    ]);
    const lstm = new LSTM({ inputSize: 3, hiddenSize: 3, bidirectional: true, seed: 4 });
    const gru = new GRU({ inputSize: 3, hiddenSize: 2, numLayers: 2, seed: 5 });
    gradCheck(
      [x, ...params(lstm)],
      () =>
        tf.tidy(() =>
          tf.concat([
            tf.reshape(lstm.forward(x as unknown as tf.Tensor3D, { mask }).output, [-1]),
            tf.reshape(lstm.forward(x as unknown as tf.Tensor3D, { mask }).cN!, [-1]),
          ]),
        ),
      4,
    );
    gradCheck([x, ...params(gru)], () => gru.forward(x as unknown as tf.Tensor3D, { mask }).hN, 4);
    [lstm, gru].forEach((m) => {
      m.dispose();
    });
    tf.dispose([x, mask]);
  });

  it('MultiHeadAttention and a decoder layer with masks', () => {
    const x = rand([2, 3, 4], 6);
    const mem = rand([2, 4, 4], 7);
    const keyMask = tf.tensor2d([
      [1, 1, 1, 1],
      [1, 1, 1, 0],
    ]);
    const mha = new MultiHeadAttention({ dModel: 4, numHeads: 2, seed: 8 });
    const dec = new TransformerDecoderLayer({
      dModel: 4,
      numHeads: 2,
      dimFeedforward: 6,
      dropout: 0,
      seed: 9,
      activation: 'gelu',
    });
    gradCheck(
      [x, mem, ...params(mha)],
      () =>
        mha.forward(
          x as unknown as tf.Tensor3D,
          mem as unknown as tf.Tensor3D,
          mem as unknown as tf.Tensor3D,
          { keyMask },
        ).output,
      4,
    );
    gradCheck(
      [x, mem, ...params(dec)],
      () =>
        dec.forward(x as unknown as tf.Tensor3D, mem as unknown as tf.Tensor3D, {
          memoryMask: keyMask,
        }),
      3,
    );
    [mha, dec].forEach((m) => {
      m.dispose();
    });
    tf.dispose([x, mem, keyMask]);
  });
});
