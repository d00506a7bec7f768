// Pretrained body -> TransformerClassifier: the report and the copied function.
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { linear } from '../core/ops.js';
import { TransformerClassifier } from '../models/transformer_classifier.js';
import { CausalLM } from './causal_lm.js';
import { MaskedLM } from './masked_lm.js';
import { classifierFromLM, classifierOptionsFromLM, loadIntoClassifier } from './transfer.js';

beforeAll(() => initWasm());

const sizes = { vocabSize: 30, maxLength: 8, dModel: 16, numHeads: 2, numLayers: 2, dropout: 0 };

describe('loadIntoClassifier', () => {
  it('CausalLM body: all but the head loaded; the classifier computes the LM body', () => {
    const lm = new CausalLM({ ...sizes, seed: 5 }).eval();
    const { model, report } = classifierFromLM(lm, { numClasses: 3, pooling: 'first' });
    model.eval();
    expect(report.new.sort()).toEqual(['classifier.bias', 'classifier.weight']);
    expect(report.unused).toEqual([]);
    expect(report.loaded).toContain('encoder.norm.weight');
    expect(report.loaded.length + 2).toBe(model.namedParameters().length);
    // One position: causal and bidirectional attention agree, so logits = head(ln_f(body)).
    const ids = tf.tensor2d([[4], [9]], [2, 1], 'int32');
    const mask = tf.ones([2, 1]);
    tf.tidy(() => {
      const h = tf.reshape(lm.hiddenStates(ids), [2, 16]);
      const want = linear(h, model.classifier.weight, model.classifier.bias);
      const got = model.forward(ids, mask) as tf.Tensor;
      expect(tf.max(tf.abs(tf.sub(got, want))).dataSync()[0]).toBeLessThan(1e-5);
    });
    tf.dispose([ids, mask]);
    model.dispose();
    lm.dispose();
  });

  it('MaskedLM body: reports the embedding LayerNorm, token types and MLM head unused', () => {
    const lm = new MaskedLM({ ...sizes, seed: 6 });
    const clf = new TransformerClassifier(classifierOptionsFromLM(lm, { numClasses: 2 }));
    const report = loadIntoClassifier(clf, lm);
    expect(report.new.sort()).toEqual(['classifier.bias', 'classifier.weight']);
    expect(report.unused.sort()).toEqual([
      'embeddings.layer_norm.bias',
      'embeddings.layer_norm.weight',
      'embeddings.token_type_embeddings.weight',
      'head.bias',
      'head.dense.bias',
      'head.dense.weight',
      'head.layer_norm.bias',
      'head.layer_norm.weight',
    ]);
    const a = lm.encoder.layers.get(1).linear1.weight;
    const b = clf.encoder.layers.get(1).linear1.weight;
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0])).toBe(0);
    clf.dispose();
    lm.dispose();
  });

  it('refuses a classifier of another width, loading nothing', () => {
    const lm = new CausalLM(sizes);
    const clf = new TransformerClassifier({
      ...classifierOptionsFromLM(lm, { numClasses: 2 }),
      vocabSize: 31,
    });
    const before = Array.from(clf.encoder.layers.get(0).linear1.weight.dataSync());
    expect(() => loadIntoClassifier(clf, lm)).toThrow(/embedding.weight is \[31,16\]/);
    expect(Array.from(clf.encoder.layers.get(0).linear1.weight.dataSync())).toEqual(before);
    clf.dispose();
    lm.dispose();
  });
});
