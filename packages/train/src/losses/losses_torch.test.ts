import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { sigmoidCrossEntropy, softmaxCrossEntropy } from './index.js';

const ref = JSON.parse(
  readFileSync(new URL('../../fixtures/losses.json', import.meta.url), 'utf8'),
);
const TOL = 1e-6;

beforeAll(async () => {
  await initWasm();
});

function near(got: tf.Tensor, want: number) {
  expect(Math.abs(got.dataSync()[0]! - want)).toBeLessThan(TOL);
  got.dispose();
}

describe('losses match torch.nn.functional (fixtures/losses.json) within 1e-6', () => {
  it('cross_entropy: plain, label smoothing, class weights, ignore_index', () => {
    const s = ref.softmax;
    const logits = tf.tensor2d(s.logits, s.shape);
    near(softmaxCrossEntropy(logits, s.labels), s.plain);
    near(softmaxCrossEntropy(logits, s.labels, { labelSmoothing: 0.1 }), s.smoothing01);
    near(softmaxCrossEntropy(logits, s.labels, { classWeights: s.classWeights }), s.weighted);
    near(softmaxCrossEntropy(logits, s.ignoredLabels), s.ignored);
    near(
      softmaxCrossEntropy(logits, s.ignoredLabels, { classWeights: s.classWeights }),
      s.weightedIgnored,
    );
    const g = tf.grad((x: tf.Tensor) =>
      softmaxCrossEntropy(x, s.labels, { classWeights: s.classWeights }),
    )(logits);
    g.dataSync().forEach((v, i) => {
      expect(Math.abs(v - s.gradWeighted[i])).toBeLessThan(TOL);
    });
    tf.dispose([g, logits]);
  });

  it('binary_cross_entropy_with_logits: plain, per-class weights, smoothed targets', () => {
    const s = ref.sigmoid;
    const logits = tf.tensor2d(s.logits, s.shape);
    near(sigmoidCrossEntropy(logits, s.targets), s.plain);
    near(sigmoidCrossEntropy(logits, s.targets, { classWeights: s.classWeights }), s.weighted);
    near(sigmoidCrossEntropy(logits, s.targets, { labelSmoothing: 0.2 }), s.smoothing02);
    const g = tf.grad((x: tf.Tensor) =>
      sigmoidCrossEntropy(x, s.targets, { classWeights: s.classWeights }),
    )(logits);
    g.dataSync().forEach((v, i) => {
      expect(Math.abs(v - s.gradWeighted[i])).toBeLessThan(TOL);
    });
    tf.dispose([g, logits]);
  });
});
