import * as tf from '@tensorflow/tfjs-core';
import { initWasm, kernelConfigs } from '@tfnlp/backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { SoftmaxCrossEntropy, sigmoidCrossEntropy, softmaxCrossEntropy } from './index.js';

beforeAll(async () => {
  await initWasm();
});

const LOGITS = [
  [1, 2, 3],
  [1, 1, 1],
  [0.5, -2, 0],
];
const lse = (row: number[]) => Math.log(row.reduce((s, x) => s + Math.exp(x), 0));
/** -sum_c q_c log p_c with q = (1 - eps) onehot(y) + eps / C, in double precision. */
const ce = (row: number[], y: number, eps = 0) =>
  row.reduce((s, x, c) => s + ((c === y ? 1 - eps : 0) + eps / row.length) * (lse(row) - x), 0);

function value(t: tf.Tensor): number {
  const v = t.dataSync()[0]!;
  t.dispose();
  return v;
}

describe('softmax cross-entropy from logits', () => {
  it('plain mean', () => {
    const logits = tf.tensor2d(LOGITS);
    const want = (ce(LOGITS[0]!, 2) + ce(LOGITS[1]!, 0) + ce(LOGITS[2]!, 1)) / 3;
    expect(value(softmaxCrossEntropy(logits, new Int32Array([2, 0, 1])))).toBeCloseTo(want, 6);
    expect(ce(LOGITS[0]!, 2)).toBeCloseTo(0.40760596, 7); // 3 + log(1 + e^-1 + e^-2) - 3
    logits.dispose();
  });

  it('class weights: weighted mean over the true classes', () => {
    const logits = tf.tensor2d(LOGITS);
    const w = [1, 2, 3];
    const want = (3 * ce(LOGITS[0]!, 2) + 1 * ce(LOGITS[1]!, 0) + 2 * ce(LOGITS[2]!, 1)) / 6;
    const loss = softmaxCrossEntropy(logits, [2, 0, 1], { classWeights: w });
    expect(value(loss)).toBeCloseTo(want, 6);
    logits.dispose();
  });

  it('label smoothing', () => {
    const logits = tf.tensor2d(LOGITS);
    const want = (ce(LOGITS[0]!, 2, 0.1) + ce(LOGITS[1]!, 0, 0.1) + ce(LOGITS[2]!, 1, 0.1)) / 3;
    const loss = softmaxCrossEntropy(logits, [2, 0, 1], { labelSmoothing: 0.1 });
    expect(value(loss)).toBeCloseTo(want, 6);
    expect(ce(LOGITS[0]!, 2, 0.1)).toBeCloseTo(0.40760596 + 0.1, 7);
    logits.dispose();
  });

  it('negative labels are ignored; sum and weight add up across batches', () => {
    const logits = tf.tensor2d(LOGITS);
    const loss = new SoftmaxCrossEntropy({ classWeights: [1, 2, 3] });
    const { sum, weight } = loss.compute(logits, [2, -100, 1]);
    expect(weight).toBe(5);
    expect(value(sum)).toBeCloseTo(3 * ce(LOGITS[0]!, 2) + 2 * ce(LOGITS[2]!, 1), 5);
    logits.dispose();
  });

  it('gradient is (softmax - target) * w / sum(w); no tensors leak', () => {
    const logits = tf.tensor2d(LOGITS);
    const before = tf.memory().numTensors;
    const g = tf.grad((x: tf.Tensor) =>
      softmaxCrossEntropy(x, [2, 0, 1], { classWeights: [1, 2, 3] }),
    )(logits);
    const got = g.arraySync() as number[][];
    g.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const ys = [2, 0, 1];
    const ws = [3, 1, 2];
    LOGITS.forEach((row, i) => {
      row.forEach((x, c) => {
        const p = Math.exp(x - lse(row));
        expect(got[i]![c]).toBeCloseTo(((p - (c === ys[i] ? 1 : 0)) * ws[i]!) / 6, 6);
      });
    });
    logits.dispose();
  });

  it('says what is wrong with bad inputs', () => {
    const logits = tf.tensor2d(LOGITS);
    expect(() => softmaxCrossEntropy(logits, [0, 1])).toThrow(/2 labels for 3 rows/);
    expect(() => softmaxCrossEntropy(logits, [0, 1, 3])).toThrow(/label 3 at row 2/);
    expect(() => softmaxCrossEntropy(logits, [0, 1, 2], { classWeights: [1, 2] })).toThrow(
      /2 class weights for 3 classes/,
    );
    logits.dispose();
  });
});

describe('softmax cross-entropy: fused kernel (looked up by name) vs plain ops', () => {
  it('runs TfnlpSoftmaxCrossEntropy on wasm and agrees with the plain path, value and gradient', async () => {
    const logits = tf.randomNormal([9, 7], 0, 3, 'float32', 11);
    const labels = Int32Array.from([0, 6, 3, -1, 2, 2, 5, 1, -100]);
    const options = { labelSmoothing: 0.1, classWeights: [1, 2, 0.5, 1, 1, 3, 1] };
    const run = () =>
      tf.tidy(() => {
        const f = (x: tf.Tensor) => softmaxCrossEntropy(x, labels, options);
        return [f(logits), tf.grad(f)(logits)].map((t) => Array.from(t.dataSync()));
      });
    const { kernelNames } = await tf.profile(() => void run());
    expect(kernelNames).toEqual(
      expect.arrayContaining(['TfnlpSoftmaxCrossEntropy', 'TfnlpSoftmaxCrossEntropyGrad']),
    );
    const fused = run();
    const names = ['TfnlpSoftmaxCrossEntropy', 'TfnlpSoftmaxCrossEntropyGrad'];
    for (const name of names) tf.unregisterKernel(name, 'wasm');
    let plain: number[][];
    try {
      plain = run();
    } finally {
      for (const name of names)
        tf.registerKernel(kernelConfigs.find((c) => c.kernelName === name)!);
    }
    fused.forEach((values, i) => {
      values.forEach((v, j) => {
        expect(v).toBeCloseTo(plain[i]![j]!, 5);
      });
    });
    logits.dispose();
  });
});

describe('sigmoid cross-entropy from logits', () => {
  const x = [2, -1, 0, 3, -30, 40];
  const z = [1, 0, 0, 1, 1, 0];
  // -z log s(x) - (1 - z) log(1 - s(x)) = log(1 + e^x) - z x, stable for large |x|.
  const bce = (xi: number, zi: number) =>
    Math.max(xi, 0) - xi * zi + Math.log1p(Math.exp(-Math.abs(xi)));

  it('mean over elements, stable for large logits', () => {
    const logits = tf.tensor2d(x, [3, 2]);
    const want = x.reduce((s, xi, i) => s + bce(xi, z[i]!), 0) / 6;
    expect(value(sigmoidCrossEntropy(logits, z))).toBeCloseTo(want, 5);
    expect(bce(-30, 1)).toBeCloseTo(30, 10);
    logits.dispose();
  });

  it('class weights (per column) and label smoothing', () => {
    const logits = tf.tensor2d(x, [3, 2]);
    const w = [0.5, 2];
    const eps = 0.2;
    const want =
      x.reduce((s, xi, i) => s + w[i % 2]! * bce(xi, z[i]! * (1 - eps) + eps / 2), 0) / 6;
    const loss = sigmoidCrossEntropy(logits, z, { classWeights: w, labelSmoothing: eps });
    expect(value(loss)).toBeCloseTo(want, 5);
    logits.dispose();
  });
});
