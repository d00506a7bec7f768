// Pack-test scenario: @tfnlp/backend-wasm alone, installed from its tarball with npm, in plain
// Node ESM. initWasm(), the gradient of an Embedding lookup (UnsortedSegmentSum), chained
// ops, and a few Adam steps whose loss must fall without leaking tensors.
// Prints one JSON line; throws on failure.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initWasm, wasmInfo } from '@tfnlp/backend-wasm';

const info = await initWasm();
assert.equal(info.backend, 'wasm');
assert.equal(tf.getBackend(), 'wasm');
assert.equal(info.simd, true, 'WASM SIMD is not in use');
assert.deepEqual(await wasmInfo(), info);

// The Embedding gradient: d/dtable sum(gather(table, ids)) counts each id's occurrences.
const VOCAB = 10;
const DIM = 4;
const table = tf.variable(tf.randomNormal([VOCAB, DIM], 0, 0.1, 'float32', 1), true, 'table');
const ids = tf.tensor2d(
  [
    [1, 5, 5],
    [7, 0, 2],
  ],
  [2, 3],
  'int32',
);
const grad = tf.grad((/** @type {tf.Tensor} */ t) => tf.sum(tf.gather(t, ids)))(table); // [vocab, dim]
const counts = [1, 1, 1, 0, 0, 2, 0, 1, 0, 0];
assert.deepEqual(grad.shape, [VOCAB, DIM]);
assert.deepEqual(
  Array.from(await grad.data()),
  counts.flatMap((c) => Array(DIM).fill(c)),
);
grad.dispose();

// Chained ops (registered by the bundled tfjs-core gradients module).
const chained = tf.tidy(() =>
  tf
    .ones([2])
    .add(tf.ones([2]))
    .mul(3)
    .arraySync(),
);
assert.deepEqual(chained, [6, 6]);

// Adam on Embedding -> mean -> Dense against fixed targets: the loss must fall.
const kernel = tf.variable(tf.randomNormal([DIM, 1], 0, 0.5, 'float32', 2), true, 'kernel');
const target = tf.tensor2d([[1], [-1]]);
const optimizer = tf.train.adam(0.05);
/** @type {number[]} */
const losses = [];
let tensorsAfterFirst = 0;
for (let step = 0; step < 25; step++) {
  const loss = optimizer.minimize(
    () => tf.losses.meanSquaredError(target, tf.matMul(tf.mean(tf.gather(table, ids), 1), kernel)),
    true,
  );
  assert.ok(loss, 'minimize(f, true) returned no loss');
  losses.push((await loss.data())[0] ?? Number.NaN);
  loss.dispose();
  if (step === 0) tensorsAfterFirst = tf.memory().numTensors;
}
const tensorsAfterLast = tf.memory().numTensors;
assert.ok(
  (losses.at(-1) ?? Number.NaN) < 0.5 * (losses[0] ?? Number.NaN),
  `Adam did not reduce the loss: ${losses[0]} -> ${losses.at(-1)}`,
);
assert.equal(tensorsAfterLast, tensorsAfterFirst, 'tensors leaked between Adam steps');

console.log(
  JSON.stringify({
    ok: true,
    backend: info.backend,
    simd: info.simd,
    threads: info.threads,
    kernels: info.kernels,
    versions: info.versions,
    lossFirst: losses[0],
    lossLast: losses.at(-1),
  }),
);
