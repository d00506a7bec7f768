import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Module } from '../core/module.js';
import { buildModule } from '../io/registry.js';
import { BagClassifier } from './bag_classifier.js';
import { RNNClassifier } from './rnn_classifier.js';
import { TransformerClassifier } from './transformer_classifier.js';

beforeAll(() => initWasm());

// A toy task: label = 1 when token 3 occurs among the real tokens.
function batch(): { ids: tf.Tensor2D; mask: tf.Tensor2D; labels: tf.Tensor1D } {
  const ids = [
    [1, 3, 5, 2, 0, 0],
    [4, 5, 6, 7, 8, 2],
    [3, 2, 0, 0, 0, 0],
    [7, 7, 5, 0, 0, 0],
  ];
  return {
    ids: tf.tensor2d(ids, [4, 6], 'int32'),
    mask: tf.tensor2d(ids.map((r) => r.map((t) => (t === 0 ? 0 : 1)))),
    labels: tf.tensor1d([1, 0, 1, 0], 'int32'),
  };
}

function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.losses.softmaxCrossEntropy(tf.oneHot(labels, logits.shape[1]), logits) as tf.Scalar;
}

/** 1 warm-up step (creates the optimizer's slots), then 20 steps at a constant tensor count. */
function trainAndCountTensors(
  model: Module & { forward(ids: tf.Tensor2D, mask?: tf.Tensor): tf.Tensor2D },
): { counts: number[]; losses: number[] } {
  const { ids, mask, labels } = batch();
  const opt = tf.train.adam(0.02);
  const step = () => {
    const loss = opt.minimize(
      () => crossEntropy(model.forward(ids, mask), labels),
      true,
      model.trainableParameters(),
    );
    const v = loss!.dataSync()[0]!;
    loss!.dispose();
    return v;
  };
  model.train();
  const losses = [step()];
  const counts: number[] = [];
  for (let i = 0; i < 20; i++) {
    losses.push(step());
    counts.push(tf.memory().numTensors);
  }
  opt.dispose();
  tf.dispose([ids, mask, labels]);
  return { counts, losses };
}

describe('classifier blocks: 20 training steps leak no tensors and learn', () => {
  for (const cell of ['lstm', 'gru', 'rnn'] as const) {
    it(`RNNClassifier (${cell}, bidirectional, 2 layers, dropout)`, () => {
      const model = new RNNClassifier({
        vocabSize: 10,
        embeddingDim: 8,
        hiddenSize: 8,
        numClasses: 2,
        cell,
        numLayers: 2,
        bidirectional: true,
        dropout: 0.1,
        paddingIdx: 0,
        seed: 1,
      });
      const before = tf.memory().numTensors;
      const { counts, losses } = trainAndCountTensors(model);
      expect(new Set(counts).size, `tensor counts ${counts}`).toBe(1);
      expect(tf.memory().numTensors).toBe(before);
      expect(losses[losses.length - 1]!).toBeLessThan(losses[0]!);
      model.dispose();
    });
  }

  it('BagClassifier (fastText-style, dropout); rebuilt for loading it starts from a zero table', () => {
    const model = new BagClassifier({
      vocabSize: 10,
      embeddingDim: 8,
      numClasses: 2,
      dropout: 0.2,
      seed: 3,
    });
    const before = tf.memory().numTensors;
    const { counts, losses } = trainAndCountTensors(model);
    expect(new Set(counts).size, `tensor counts ${counts}`).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]!);
    const rebuilt = buildModule(model.getConfig()) as BagClassifier;
    expect(Array.from(rebuilt.embedding.weight.dataSync()).every((v) => v === 0)).toBe(true);
    expect(
      model.embedding.weight
        .dataSync()
        .slice(0, 8)
        .every((v) => v === 0),
    ).toBe(true); // padding row
    model.dispose();
    rebuilt.dispose();
  });

  for (const pooling of ['mean', 'first', 'max', 'tfidf'] as const) {
    it(`TransformerClassifier (${pooling} pooling)`, () => {
      const model = new TransformerClassifier({
        vocabSize: 10,
        maxLength: 16,
        dModel: 8,
        numHeads: 2,
        numLayers: 2,
        numClasses: 2,
        dropout: 0.1,
        pooling,
        seed: 2,
        positional: pooling === 'first' ? 'learned' : 'sinusoidal',
        normFirst: pooling === 'max',
      });
      const before = tf.memory().numTensors;
      const { counts, losses } = trainAndCountTensors(model);
      expect(new Set(counts).size, `tensor counts ${counts}`).toBe(1);
      expect(tf.memory().numTensors).toBe(before);
      expect(losses[losses.length - 1]!).toBeLessThan(losses[0]!);
      model.dispose();
    });
  }

  it('logits ignore whatever token ids sit under the padding (both classifier kinds, all poolings)', () => {
    const models: Module[] = [
      ...(['last', 'mean', 'max'] as const).map(
        (pooling) =>
          new RNNClassifier({
            vocabSize: 10,
            embeddingDim: 4,
            hiddenSize: 4,
            numClasses: 3,
            bidirectional: true,
            numLayers: 2,
            pooling,
            seed: 4,
          }),
      ),
      ...(['mean', 'max', 'first', 'tfidf'] as const).map(
        (pooling) =>
          new TransformerClassifier({
            vocabSize: 10,
            maxLength: 8,
            dModel: 8,
            numHeads: 2,
            numLayers: 2,
            numClasses: 3,
            pooling,
            seed: 5,
          }),
      ),
    ];
    for (const model of models) {
      model.eval();
      const m = model as unknown as { forward(ids: tf.Tensor2D, mask?: tf.Tensor): tf.Tensor2D };
      tf.tidy(() => {
        const mask = tf.tensor2d([
          [1, 1, 1, 0, 0],
          [1, 1, 1, 1, 1],
        ]);
        const a = m.forward(
          tf.tensor2d(
            [
              [4, 5, 6, 0, 0],
              [1, 2, 3, 4, 5],
            ],
            undefined,
            'int32',
          ),
          mask,
        );
        const b = m.forward(
          tf.tensor2d(
            [
              [4, 5, 6, 9, 7],
              [1, 2, 3, 4, 5],
            ],
            undefined,
            'int32',
          ),
          mask,
        );
        expect(Math.max(...tf.abs(tf.sub(a, b)).dataSync())).toBeLessThan(1e-5);
      });
      model.dispose();
    }
  });

  it('same seed, same weights; another seed, other weights', () => {
    const make = (seed: number) =>
      new TransformerClassifier({
        vocabSize: 10,
        maxLength: 8,
        dModel: 8,
        numHeads: 2,
        numLayers: 1,
        numClasses: 2,
        positional: 'learned',
        seed,
      });
    const [a, b, c] = [make(1), make(1), make(2)];
    const flat = (m: Module) => m.parameters().flatMap((p) => Array.from(p.dataSync()));
    expect(flat(a)).toEqual(flat(b));
    expect(flat(a)).not.toEqual(flat(c));
    // Sub-modules get distinct streams: the two Dense layers of a block differ.
    const layer = a.encoder.layers.get(0);
    expect(Array.from(layer.linear1.bias!.dataSync()).slice(0, 8)).not.toEqual(
      Array.from(layer.linear2.bias!.dataSync()),
    );
    [a, b, c].forEach((m) => {
      m.dispose();
    });
  });

  it('eval-mode forward is deterministic and leaves no tensors', () => {
    const model = new RNNClassifier({
      vocabSize: 10,
      embeddingDim: 4,
      hiddenSize: 4,
      numClasses: 3,
      dropout: 0.5,
      seed: 3,
    }).eval();
    const { ids, mask, labels } = batch();
    const before = tf.memory().numTensors;
    const a = model.forward(ids, mask);
    const b = model.forward(ids, mask);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(a.shape).toEqual([4, 3]);
    tf.dispose([a, b]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([ids, mask, labels]);
    model.dispose();
  });

  it('constructing and disposing each classifier leaves no tensors', () => {
    const before = tf.memory().numTensors;
    for (const positional of ['sinusoidal', 'learned'] as const) {
      new TransformerClassifier({
        vocabSize: 10,
        maxLength: 8,
        dModel: 4,
        numHeads: 2,
        numLayers: 2,
        numClasses: 3,
        positional,
      }).dispose();
    }
    new RNNClassifier({ vocabSize: 10, embeddingDim: 4, hiddenSize: 4, numClasses: 3 }).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('TransformerClassifier scaleEmbeddings multiplies the embeddings by sqrt(dModel) before the positions', () => {
    const options = {
      vocabSize: 10,
      maxLength: 8,
      dModel: 16,
      numHeads: 2,
      numLayers: 1,
      numClasses: 3,
      seed: 6,
    };
    const scaled = new TransformerClassifier({ ...options, scaleEmbeddings: true }).eval();
    const plain = new TransformerClassifier(options).eval(); // same seed: same weights
    tf.tidy(() => {
      const ids = tf.tensor2d([[4, 5, 6, 2]], undefined, 'int32');
      const emb = tf.mul(scaled.embedding.forward(ids), 4) as tf.Tensor3D; // sqrt(16)
      const h = scaled.encoder.forward(scaled.positions.forward(emb));
      const want = scaled.classifier.forward(tf.mean(h, 1)).dataSync();
      const got = scaled.forward(ids).dataSync();
      for (const [i, v] of Array.from(want).entries()) expect(got[i]).toBeCloseTo(v, 5);
      expect(Array.from(plain.forward(ids).dataSync())).not.toEqual(Array.from(got));
    });
    scaled.dispose();
    plain.dispose();
  });
});
