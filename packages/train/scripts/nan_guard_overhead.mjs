#!/usr/bin/env node
// Overhead of the finite-parameter check after every update (checkFiniteParameters), on the
// built package: a small MLP (embedding-free, 64 -> 256 -> 256 -> 4, ~83k parameters), batch 32,
// AdamW, wasm backend. Prints ms per update with and without the check (median of 5 alternating runs each).
//
//   node scripts/nan_guard_overhead.mjs [updates=300]
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { Rng } from '@tfnlp/core';
import { AdamW, Trainer } from '../dist/index.js';

const UPDATES = Number(process.argv[2] ?? 300);
await initWasm();
const rng = new Rng(0);
const batches = Array.from({ length: UPDATES }, () => {
  const x = Float32Array.from({ length: 32 * 64 }, () => rng.random() * 2 - 1);
  return {
    x,
    labels: Int32Array.from(
      { length: 32 },
      (_, r) => ((x[r * 64] ?? 0) > 0 ? 1 : 0) + ((x[r * 64 + 1] ?? 0) > 0 ? 2 : 0),
    ),
  };
});

/** @typedef {{ x: Float32Array, labels: Int32Array }} Batch */

/**
 * Milliseconds per update of one epoch over `batches`.
 * @param {boolean} checkFiniteParameters
 */
async function time(checkFiniteParameters) {
  const init = new Rng(1);
  const shapes = [[64, 256], [256], [256, 256], [256], [256, 4], [4]];
  const weights = shapes.map((s) =>
    tf.variable(tf.randomNormal(s, 0, 0.1, 'float32', init.seed())),
  );
  /** @type {Array<[string, tf.Variable]>} */
  const params = weights.map((v, i) => [`p${i}`, v]);
  /** @type {Trainer<import('../dist/index.js').TrainableModule, Batch>} */
  const trainer = new Trainer({
    model: { namedParameters: () => params },
    forward: (_m, b) => {
      let h = tf.tensor2d(b.x, [32, 64]);
      for (let i = 0; i < 6; i += 2) {
        h = tf.add(
          tf.matMul(h, /** @type {tf.Variable} */ (weights[i])),
          /** @type {tf.Variable} */ (weights[i + 1]),
        );
        if (i < 4) h = tf.relu(h);
      }
      return h; // [32, 4]
    },
    optimizer: new AdamW({ lr: 1e-3 }),
    checkFiniteParameters,
  });
  const start = performance.now();
  await trainer.fit(batches, { epochs: 1 });
  const ms = (performance.now() - start) / UPDATES;
  tf.dispose(weights);
  return ms;
}

/** @param {number[]} xs */
const median = (xs) => /** @type {number} */ (xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]);
await time(true); // warm-up
const on = [];
const off = [];
for (let i = 0; i < 5; i++) {
  off.push(await time(false));
  on.push(await time(true));
}
const a = median(off);
const b = median(on);
console.log(
  `without check ${a.toFixed(3)} ms/update, with check ${b.toFixed(3)} ms/update, overhead ${(((b - a) / a) * 100).toFixed(1)}%`,
);
