#!/usr/bin/env node
// Training-step timings (median of STEPS=5 after one warm-up step) of the two classifier blocks at the sizes of
// /work/shared/notes/tfjs-wasm-facts.md ("Training-step figures"), on the wasm backend.
// Run after `pnpm build`: `pnpm --filter @tfnlp/layers bench` (STEPS=n to change the count).
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { RNNClassifier, TransformerClassifier } from '@tfnlp/layers';

await initWasm();
const steps = Number(process.env.STEPS ?? 5);

/**
 * @param {string} name
 * @param {{ forward(ids: tf.Tensor, mask: tf.Tensor): tf.Tensor, trainableParameters(): tf.Variable[], dispose(): void }} model
 * @param {number} batch
 * @param {number} time
 * @param {number} vocab
 */
function bench(name, model, batch, time, vocab) {
  const ids = tf.randomUniform([batch, time], 1, vocab, 'int32', 1);
  const mask = tf.ones([batch, time]);
  const labels = tf.oneHot(tf.zeros([batch], 'int32'), 2);
  const opt = tf.train.adam(1e-3);
  const step = () =>
    opt.minimize(
      () =>
        /** @type {tf.Scalar} */ (tf.losses.softmaxCrossEntropy(labels, model.forward(ids, mask))),
      false,
      model.trainableParameters(),
    );
  step(); // warm-up: kernels, optimizer slots
  /** @type {number[]} */
  const times = [];
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    step();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const ms = times[Math.floor(times.length / 2)] ?? Number.NaN;
  const range = `${times[0]?.toFixed(0)}-${times.at(-1)?.toFixed(0)}`;
  console.log(
    `${name}: median ${ms.toFixed(0)} ms/step [${range}] (${((batch * 1000) / ms).toFixed(0)} samples/s)`,
  );
  tf.dispose([ids, mask, labels]);
  opt.dispose();
  model.dispose();
}

bench(
  'Embedding+LSTM B64 T200 V10k E64 H64',
  new RNNClassifier({ vocabSize: 10000, embeddingDim: 64, hiddenSize: 64, numClasses: 2 }),
  64,
  200,
  10000,
);
bench(
  'Transformer 2L B32 T128 d128 h4 ffn256',
  new TransformerClassifier({
    vocabSize: 10000,
    maxLength: 128,
    dModel: 128,
    numHeads: 4,
    numLayers: 2,
    numClasses: 2,
    dimFeedforward: 256,
    dropout: 0,
  }),
  32,
  128,
  10000,
);
