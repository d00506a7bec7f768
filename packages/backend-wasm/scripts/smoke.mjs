#!/usr/bin/env node
// Smoke test in plain Node ESM on the BUILT package (no bundler, no test runner):
// trains a tiny Embedding -> masked mean pool -> Dense classifier on wasm for 30 steps,
// checks that the loss falls and that no tensor leaks between steps 5 and 30.
// Prints one JSON line; exits 1 on failure.   Run: pnpm smoke (from the repo root)
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { Rng } from '@tfnlp/core';

const VOCAB = 40;
const DIM = 16;
const TIME = 12;
const BATCH = 32;
const STEPS = 30;

// Seeded (@tfnlp/core's Rng, the project's one generator), so every run sees the same batches.
const rng = new Rng(1234);

/** Label 1 when "positive" tokens (1..19) outnumber "negative" ones (20..39). Id 0 pads. */
function makeBatch() {
  const ids = new Int32Array(BATCH * TIME);
  const mask = new Float32Array(BATCH * TIME);
  const labels = new Int32Array(BATCH);
  for (let b = 0; b < BATCH; b++) {
    const length = 3 + rng.int(TIME - 2);
    let score = 0;
    for (let t = 0; t < length; t++) {
      const id = 1 + rng.int(VOCAB - 1);
      ids[b * TIME + t] = id;
      mask[b * TIME + t] = 1;
      score += id < 20 ? 1 : -1;
    }
    labels[b] = score > 0 ? 1 : 0;
  }
  return { ids, mask, labels };
}

const info = await initWasm();
const embedding = tf.variable(
  tf.randomUniform([VOCAB, DIM], -0.1, 0.1, 'float32', 1),
  true,
  'embedding',
);
const kernel = tf.variable(
  tf.randomUniform([DIM, 2], -0.3, 0.3, 'float32', 2),
  true,
  'dense/kernel',
);
const bias = tf.variable(tf.zeros([2]), true, 'dense/bias');
const optimizer = tf.train.adam(0.05);

/** @param {{ ids: Int32Array, mask: Float32Array, labels: Int32Array }} batch */
function loss(batch) {
  const ids = tf.tensor2d(batch.ids, [BATCH, TIME], 'int32');
  const mask = tf.tensor3d(batch.mask, [BATCH, TIME, 1]);
  const x = tf.gather(embedding, ids); // [batch, time, dim]
  const pooled = tf.div(tf.sum(tf.mul(x, mask), 1), tf.maximum(tf.sum(mask, 1), 1)); // [batch, dim]
  const logits = tf.add(tf.matMul(pooled, kernel), bias); // [batch, 2]
  return tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d(batch.labels, 'int32'), 2), logits);
}

/** @type {number[]} */
const losses = [];
/** @type {Record<number, number>} */
const tensorsAfter = {};
for (let step = 1; step <= STEPS; step++) {
  const batch = makeBatch();
  const value = optimizer.minimize(() => /** @type {tf.Scalar} */ (loss(batch)), true);
  if (value === null) throw new Error('smoke: minimize returned no loss');
  losses.push(value.dataSync()[0] ?? Number.NaN);
  value.dispose();
  if (step === 5 || step === STEPS) tensorsAfter[step] = tf.memory().numTensors;
}

const mean = (/** @type {number[]} */ xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const first = mean(losses.slice(0, 5));
const last = mean(losses.slice(-5));
const result = {
  ok: last < 0.8 * first && tensorsAfter[5] === tensorsAfter[STEPS],
  backend: info.backend,
  simd: info.simd,
  lossFirst5: Number(first.toFixed(4)),
  lossLast5: Number(last.toFixed(4)),
  tensorsAfterStep5: tensorsAfter[5],
  tensorsAfterStep30: tensorsAfter[STEPS],
};
console.log(JSON.stringify(result));
if (!result.ok) {
  console.error(
    'smoke: FAILED (the loss did not fall by 20 %, or tensors leaked between steps 5 and 30)',
  );
  process.exit(1);
}
