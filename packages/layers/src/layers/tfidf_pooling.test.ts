import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel, saveModel } from '../io/serialization.js';
import { TransformerClassifier } from '../models/transformer_classifier.js';
import { inverseDocumentFrequency, TfIdfPooling } from './tfidf_pooling.js';

beforeAll(() => initWasm());

describe('inverseDocumentFrequency', () => {
  it("is scikit-learn's smoothed idf: ln((1 + n) / (1 + df)) + 1, counting a document once", () => {
    // 3 documents; id 2 is in all of them (twice in the first), id 1 in one, ids 0 and 3 in none.
    const idf = inverseDocumentFrequency([[1, 2, 2], Int32Array.of(2, 4), [2]], 5);
    const expected = [0, 1, 3, 0, 1].map((df) => Math.log(4 / (1 + df)) + 1);
    expect(Array.from(idf)).toEqual(expected.map((v) => Math.fround(v)));
    // scikit-learn TfidfVectorizer(smooth_idf=True) gives 1 for a term in every document.
    expect(idf[2]).toBe(1);
  });

  it('rejects an id outside the vocabulary, saying which', () => {
    expect(() => inverseDocumentFrequency([[0, 7]], 5)).toThrow(/token id 7 is outside \[0, 5\)/);
    expect(() => inverseDocumentFrequency([[-1]], 5)).toThrow(/token id -1/);
  });
});

/** The pooled vector computed with loops, straight from the definition. */
function reference(x: number[][][], ids: number[][], mask: number[][], idf: number[]): number[][] {
  return x.map((row, b) => {
    const real = ids[b]!.filter((_, t) => mask[b]![t] === 1);
    const w = ids[b]!.map((id, t) => {
      if (mask[b]![t] !== 1) return 0;
      const c = real.filter((j) => j === id).length;
      return (idf[id]! * (1 + Math.log(c))) / c;
    });
    const total = w.reduce((a, v) => a + v, 0);
    return row[0]!.map((_, d) =>
      total === 0 ? 0 : row.reduce((a, xt, t) => a + w[t]! * xt[d]!, 0) / total,
    );
  });
}

describe('TfIdfPooling', () => {
  const ids = [
    [3, 1, 3, 3, 2, 0],
    [4, 4, 1, 2, 0, 0],
    [0, 0, 0, 0, 0, 0],
  ];
  // Padding ids repeat a real id (4 in row 1) to show that padding never counts.
  const paddedIds = [ids[0]!, [4, 4, 1, 2, 4, 4], ids[2]!];
  const mask = [
    [1, 1, 1, 1, 1, 0],
    [1, 1, 1, 1, 0, 0],
    [0, 0, 0, 0, 0, 0],
  ];
  const idf = [1, 2.5, 1.25, 1.5, 3];

  it('is the sublinear TF-IDF weighted mean of the real positions (empty row -> zeros)', () => {
    const pool = new TfIdfPooling({ vocabSize: 5 });
    pool.setIdf(idf);
    const xs = tf.tidy(() =>
      tf.randomNormal([3, 6, 4], 0, 1, 'float32', 7).arraySync(),
    ) as number[][][];
    tf.tidy(() => {
      const got = pool.forward(
        tf.tensor3d(xs),
        tf.tensor2d(paddedIds, undefined, 'int32'),
        tf.tensor2d(mask),
      );
      const want = reference(xs, ids, mask, idf);
      const flat = (got.arraySync() as number[][]).flat();
      for (const [i, v] of want.flat().entries()) expect(flat[i]).toBeCloseTo(v, 5);
    });
    // A word seen c times weighs idf * (1 + ln c) in all: row 0's id 3 (3 times) vs id 1 (once).
    tf.tidy(() => {
      const w = pool.weights(tf.tensor2d(ids, undefined, 'int32'), tf.tensor2d(mask)).arraySync();
      const word3 = w[0]![0]! + w[0]![2]! + w[0]![3]!;
      expect(word3).toBeCloseTo(1.5 * (1 + Math.log(3)), 5);
      expect(w[0]![1]).toBeCloseTo(2.5, 5);
      expect(w[0]![5]).toBe(0);
    });
    pool.dispose();
  });

  it('passes gradients to x as w / sum(w) per position; the idf table is not trainable', () => {
    const pool = new TfIdfPooling({ vocabSize: 5 });
    pool.setIdf(idf);
    expect(pool.trainableParameters()).toEqual([]);
    tf.tidy(() => {
      const idsT = tf.tensor2d(ids.slice(0, 2), undefined, 'int32');
      const maskT = tf.tensor2d(mask.slice(0, 2));
      const r = tf.randomNormal([2, 4], 0, 1, 'float32', 3);
      const x = tf.randomNormal([2, 6, 4], 0, 1, 'float32', 5);
      const g = tf.grad((x: tf.Tensor) =>
        tf.sum(tf.mul(pool.forward(x as tf.Tensor3D, idsT, maskT), r)),
      )(x);
      const w = pool.weights(idsT, maskT);
      const expected = tf.mul(tf.expandDims(tf.div(w, tf.sum(w, 1, true)), 2), tf.expandDims(r, 1));
      const diff = tf.max(tf.abs(tf.sub(g, expected))).dataSync()[0]!;
      expect(diff).toBeLessThan(1e-6);
    });
    pool.dispose();
  });

  it('setIdf rejects a wrong length or a non-positive value', () => {
    const pool = new TfIdfPooling({ vocabSize: 3 });
    expect(() => pool.setIdf([1, 2])).toThrow(/2 values for a vocabulary of 3/);
    expect(() => pool.setIdf([1, 0, 2])).toThrow(/finite and > 0/);
    pool.dispose();
  });

  it("TransformerClassifier({ pooling: 'tfidf' }) saves and loads its idf table", () => {
    const options = {
      vocabSize: 6,
      maxLength: 8,
      dModel: 8,
      numHeads: 2,
      numLayers: 1,
      numClasses: 3,
      pooling: 'tfidf' as const,
      seed: 1,
    };
    const model = new TransformerClassifier(options);
    model.tfidf!.setIdf(
      inverseDocumentFrequency(
        [
          [1, 2, 3],
          [2, 4],
          [5, 5, 2],
        ],
        6,
      ),
    );
    model.eval();
    const saved = saveModel(model);
    const loaded = (loadModel(saved.weights) as TransformerClassifier).eval();
    expect(Array.from(loaded.tfidf!.idf.dataSync())).toEqual(
      Array.from(model.tfidf!.idf.dataSync()),
    );
    tf.tidy(() => {
      const x = tf.tensor2d([[1, 2, 5, 5]], undefined, 'int32');
      const a = model.forward(x, tf.ones([1, 4])).dataSync();
      const b = loaded.forward(x, tf.ones([1, 4])).dataSync();
      expect(Array.from(b)).toEqual(Array.from(a));
    });
    model.dispose();
    loaded.dispose();
  });
});

/** A small pre-norm TF-IDF classifier, for the readout options below. */
const PRE_NORM_TFIDF = {
  vocabSize: 6,
  maxLength: 8,
  dModel: 8,
  numHeads: 2,
  numLayers: 2,
  numClasses: 3,
  normFirst: true,
  pooling: 'tfidf' as const,
  seed: 3,
};

describe('TransformerClassifier({ normAfterPooling: true })', () => {
  const options = PRE_NORM_TFIDF;

  it('applies the final LayerNorm to the pooled vector, not to each position', () => {
    const late = new TransformerClassifier({ ...options, normAfterPooling: true }).eval();
    const early = new TransformerClassifier(options).eval(); // same seed: same weights
    tf.tidy(() => {
      const ids = tf.tensor2d([[1, 2, 2, 5, 0]], undefined, 'int32');
      const mask = tf.tensor2d([[1, 1, 1, 1, 0]]);
      let h = late.positions.forward(late.embedding.forward(ids) as tf.Tensor3D) as tf.Tensor3D;
      for (const layer of late.encoder.layers) h = layer.forward(h, { mask });
      const pooled = late.encoder.norm!.forward(late.tfidf!.forward(h, ids, mask));
      const want = late.classifier.forward(pooled).dataSync();
      const got = late.forward(ids, mask).dataSync();
      for (const [i, v] of Array.from(want).entries()) expect(got[i]).toBeCloseTo(v, 5);
      const other = early.forward(ids, mask).dataSync();
      expect(Array.from(other)).not.toEqual(Array.from(got));
    });
    late.dispose();
    early.dispose();
  });

  it('needs pre-norm layers', () => {
    expect(
      () => new TransformerClassifier({ ...options, normFirst: false, normAfterPooling: true }),
    ).toThrow(/normAfterPooling needs normFirst/);
  });
});

describe('TransformerClassifier({ finalNormEps })', () => {
  it('sets the epsilon of the final LayerNorm, so small pooled vectors stay small', () => {
    const soft = new TransformerClassifier({
      ...PRE_NORM_TFIDF,
      normAfterPooling: true,
      finalNormEps: 4,
    }).eval();
    expect(soft.encoder.norm!.eps).toBe(4);
    tf.tidy(() => {
      const ids = tf.tensor2d([[1, 2, 2, 5, 0]], undefined, 'int32');
      const mask = tf.tensor2d([[1, 1, 1, 1, 0]]);
      let h = soft.positions.forward(soft.embedding.forward(ids) as tf.Tensor3D) as tf.Tensor3D;
      for (const layer of soft.encoder.layers) h = layer.forward(h, { mask });
      const pooled = soft.tfidf!.forward(h, ids, mask); // [1, dModel]
      // The norm's gain is 1 and its bias 0 at initialisation.
      const { mean, variance } = tf.moments(pooled, 1, true);
      const normed = tf.div(tf.sub(pooled, mean), tf.sqrt(tf.add(variance, 4)));
      const want = soft.classifier.forward(normed).dataSync();
      const got = soft.forward(ids, mask).dataSync();
      for (const [i, v] of Array.from(want).entries()) expect(got[i]).toBeCloseTo(v, 5);
    });
    soft.dispose();
  });
});

describe('TransformerClassifier({ finalNorm: false })', () => {
  const options = PRE_NORM_TFIDF;

  it('has no final LayerNorm: the classifier reads the pooled residual stream', () => {
    const bare = new TransformerClassifier({ ...options, finalNorm: false }).eval();
    const normed = new TransformerClassifier(options).eval(); // same seed: same other weights
    expect(bare.encoder.norm).toBeNull();
    expect(Object.keys(bare.stateDict()).some((k) => k.startsWith('encoder.norm.'))).toBe(false);
    expect(Object.keys(normed.stateDict())).toContain('encoder.norm.weight');
    tf.tidy(() => {
      const ids = tf.tensor2d([[1, 2, 2, 5, 0]], undefined, 'int32');
      const mask = tf.tensor2d([[1, 1, 1, 1, 0]]);
      let h = bare.positions.forward(bare.embedding.forward(ids) as tf.Tensor3D) as tf.Tensor3D;
      for (const layer of bare.encoder.layers) h = layer.forward(h, { mask });
      const want = bare.classifier.forward(bare.tfidf!.forward(h, ids, mask)).dataSync();
      const got = bare.forward(ids, mask).dataSync();
      for (const [i, v] of Array.from(want).entries()) expect(got[i]).toBeCloseTo(v, 5);
      expect(Array.from(normed.forward(ids, mask).dataSync())).not.toEqual(Array.from(got));
    });
    bare.dispose();
    normed.dispose();
  });

  it('needs pre-norm layers and excludes normAfterPooling', () => {
    expect(
      () => new TransformerClassifier({ ...options, normFirst: false, finalNorm: false }),
    ).toThrow(/finalNorm: false needs normFirst/);
    expect(
      () => new TransformerClassifier({ ...options, finalNorm: false, normAfterPooling: true }),
    ).toThrow(/Choose one/);
  });
});
