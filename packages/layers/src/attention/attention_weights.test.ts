/**
 * Attention weights per head (PyTorch `need_weights=True, average_attn_weights=False`, HF
 * `output_attentions`) from MultiHeadAttention and the encoder paths that expose them.
 */
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { TransformerClassifier } from '../models/transformer_classifier.js';
import { TransformerEncoder } from '../transformer/encoder.js';
import { TransformerEncoderLayer } from '../transformer/encoder_layer.js';
import { MultiHeadAttention } from './multi_head_attention.js';

beforeAll(() => initWasm());

function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

describe('MultiHeadAttention per-head weights', () => {
  it('a hand-computed case: dModel 2, two heads of width 1, identity projections', () => {
    const mha = new MultiHeadAttention({ dModel: 2, numHeads: 2 }).eval();
    const eye = [
      [1, 0],
      [0, 1],
    ];
    // q = k = v = x; out_proj = identity; biases 0.
    mha.loadStateDict({
      in_proj_weight: tf.tensor2d([...eye, ...eye, ...eye]),
      in_proj_bias: tf.zeros([6]),
      'out_proj.weight': tf.tensor2d(eye),
      'out_proj.bias': tf.zeros([2]),
    });
    const x = tf.tensor3d([
      [
        [1, 0],
        [0, 2],
      ],
    ]); // [1, 2, 2]
    const { output, weights } = mha.forward(x, x, x, {
      needWeights: true,
      averageAttnWeights: false,
    });
    expect(weights.shape).toEqual([1, 2, 2, 2]);
    const e = Math.E;
    const e4 = Math.exp(4);
    // Head 0 reads channel 0: q = k = v = [1, 0]; scores [[1, 0], [0, 0]].
    // Head 1 reads channel 1: q = k = v = [0, 2]; scores [[0, 0], [0, 4]].
    const expected = [
      [
        [e / (e + 1), 1 / (e + 1)],
        [0.5, 0.5],
      ],
      [
        [0.5, 0.5],
        [1 / (1 + e4), e4 / (1 + e4)],
      ],
    ];
    const w = weights.arraySync()[0]!;
    for (let h = 0; h < 2; h++) {
      for (let i = 0; i < 2; i++) {
        for (let j = 0; j < 2; j++) expect(w[h]![i]![j]).toBeCloseTo(expected[h]![i]![j]!, 6);
      }
    }
    const out = output.arraySync()[0]!;
    expect(out[0]![0]).toBeCloseTo(e / (e + 1), 6); // head 0, query 0: sum_j w * v
    expect(out[0]![1]).toBeCloseTo(1, 6);
    expect(out[1]![0]).toBeCloseTo(0.5, 6);
    expect(out[1]![1]).toBeCloseTo((2 * e4) / (1 + e4), 6);
    tf.dispose([x, output, weights]);
    mha.dispose();
  });

  it('the mean over heads equals the averaged weights; the output is the same in every mode', () => {
    const mha = new MultiHeadAttention({ dModel: 8, numHeads: 4, seed: 7 }).eval();
    tf.tidy(() => {
      const q = tf.randomNormal([2, 3, 8], 0, 1, 'float32', 1) as tf.Tensor3D;
      const kv = tf.randomNormal([2, 5, 8], 0, 1, 'float32', 2) as tf.Tensor3D;
      const keyMask = tf.tensor2d([
        [1, 1, 1, 1, 1],
        [1, 1, 1, 0, 0],
      ]);
      const perHead = mha.forward(q, kv, kv, {
        keyMask,
        needWeights: true,
        averageAttnWeights: false,
      });
      const averaged = mha.forward(q, kv, kv, { keyMask, needWeights: true });
      const plain = mha.forward(q, kv, kv, { keyMask });
      expect(perHead.weights.shape).toEqual([2, 4, 3, 5]);
      expect(averaged.weights!.shape).toEqual([2, 3, 5]);
      expect(plain.weights).toBeUndefined();
      expect(maxDiff(tf.mean(perHead.weights, 1), averaged.weights!)).toBeLessThan(1e-6);
      expect(maxDiff(perHead.output, averaged.output)).toBeLessThan(1e-6);
      expect(maxDiff(perHead.output, plain.output)).toBeLessThan(1e-5); // fused kernel path
      // Rows sum to 1 and padded keys get no weight, in every head.
      expect(
        maxDiff(tf.sum(perHead.weights, -1), tf.onesLike(tf.sum(perHead.weights, -1))),
      ).toBeLessThan(1e-6);
      const padded = tf.slice(perHead.weights, [1, 0, 0, 3], [1, 4, 3, 2]);
      expect(tf.max(padded).dataSync()[0]).toBe(0);
    });
    mha.dispose();
  });

  it('leaks no tensors', () => {
    const mha = new MultiHeadAttention({ dModel: 8, numHeads: 2, seed: 1 }).eval();
    const x = tf.randomNormal([1, 4, 8], 0, 1, 'float32', 3) as tf.Tensor3D;
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const r = mha.forward(x, x, x, { needWeights: true, averageAttnWeights: false });
      tf.dispose([r.output, r.weights]);
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    mha.dispose();
  });
});

describe('encoder paths: outputAttentions', () => {
  it('TransformerEncoderLayer returns its self-attention per head and the same output', () => {
    for (const normFirst of [false, true]) {
      const layer = new TransformerEncoderLayer({
        dModel: 8,
        numHeads: 2,
        dimFeedforward: 16,
        normFirst,
        seed: 5,
      }).eval();
      tf.tidy(() => {
        const x = tf.randomNormal([2, 4, 8], 0, 1, 'float32', 9) as tf.Tensor3D;
        const mask = tf.tensor2d([
          [1, 1, 1, 1],
          [1, 1, 0, 0],
        ]);
        const r = layer.forward(x, { mask, outputAttentions: true });
        expect(r.attentions.shape).toEqual([2, 2, 4, 4]);
        expect(maxDiff(r.output, layer.forward(x, { mask }))).toBeLessThan(1e-5);
        // The weights of the attention block's own input (norm1(x) in pre-norm).
        const y = normFirst ? (layer.norm1.forward(x) as tf.Tensor3D) : x;
        const direct = layer.selfAttn.forward(y, y, y, {
          keyMask: mask,
          needWeights: true,
          averageAttnWeights: false,
        });
        expect(maxDiff(r.attentions, direct.weights)).toBeLessThan(1e-6);
      });
      layer.dispose();
    }
  });

  it('TransformerEncoder returns one per layer; its output matches the plain forward', () => {
    const enc = new TransformerEncoder({
      dModel: 8,
      numHeads: 2,
      numLayers: 3,
      dimFeedforward: 16,
      normFirst: true,
      seed: 2,
    }).eval();
    tf.tidy(() => {
      const x = tf.randomNormal([1, 5, 8], 0, 1, 'float32', 4) as tf.Tensor3D;
      const r = enc.forward(x, { outputAttentions: true });
      expect(r.attentions.map((a) => a.shape)).toEqual([
        [1, 2, 5, 5],
        [1, 2, 5, 5],
        [1, 2, 5, 5],
      ]);
      expect(maxDiff(r.lastHiddenState, enc.forward(x))).toBeLessThan(1e-5);
      // Layer 2 attends over the output of layer 1.
      const h1 = enc.layers.get(0).forward(x);
      const l2 = enc.layers.get(1).forward(h1, { outputAttentions: true });
      expect(maxDiff(r.attentions[1]!, l2.attentions)).toBeLessThan(1e-6);
    });
    enc.dispose();
  });

  it('TransformerClassifier returns logits and per-layer attentions, leaking no tensors', () => {
    const model = new TransformerClassifier({
      vocabSize: 20,
      maxLength: 8,
      dModel: 8,
      numHeads: 2,
      numLayers: 2,
      numClasses: 3,
      seed: 11,
    }).eval();
    const ids = tf.tensor2d(
      [
        [3, 4, 5, 6],
        [7, 8, 0, 0],
      ],
      [2, 4],
      'int32',
    );
    const mask = tf.tensor2d([
      [1, 1, 1, 1],
      [1, 1, 0, 0],
    ]);
    const before = tf.memory().numTensors;
    const r = model.forward(ids, mask, { outputAttentions: true });
    const logits = model.forward(ids, mask);
    expect(r.attentions.length).toBe(2);
    expect(r.attentions[0]!.shape).toEqual([2, 2, 4, 4]);
    expect(maxDiff(r.logits, logits)).toBeLessThan(1e-5);
    tf.tidy(() => {
      const first = model.encoder.layers.get(0).forward(model.embed(ids), {
        mask,
        outputAttentions: true,
      });
      expect(maxDiff(r.attentions[0]!, first.attentions)).toBeLessThan(1e-6);
    });
    tf.dispose([r.logits, ...r.attentions, logits]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([ids, mask]);
    model.dispose();
  });
});
