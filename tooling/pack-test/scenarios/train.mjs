// Pack-test scenario: @tfnlp/train with @tfnlp/backend-wasm, both installed from their
// tarballs with npm, in plain Node ESM. A tiny Embedding -> mean pool -> Dense classifier
// written with raw tf ops (a namedParameters() Map) is trained with Trainer, checkpointed to
// files, loaded into a freshly initialised copy, and both predict the same.
// Prints one JSON line; throws on failure.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { AdamW, SGD, Trainer } from '@tfnlp/train';
import { DataParallel, fileStorage } from '@tfnlp/train/node';

const VOCAB = 20;
const DIM = 8;
const TIME = 6;
const BATCH = 16;

await initWasm();

/** @typedef {{ ids: Int32Array, labels: Int32Array }} Batch */

/**
 * Label 1 when ids 1..9 outnumber ids 10..19; deterministic.
 * @param {number} count
 * @param {number} offset
 * @returns {Batch[]}
 */
function makeBatches(count, offset) {
  return Array.from({ length: count }, (_, i) => {
    const ids = new Int32Array(BATCH * TIME);
    const labels = new Int32Array(BATCH);
    for (let b = 0; b < BATCH; b++) {
      let score = 0;
      for (let t = 0; t < TIME; t++) {
        const id = 1 + ((offset + i * 131 + b * 17 + t * 7 + ((b * t) % 5)) % (VOCAB - 1));
        ids[b * TIME + t] = id;
        score += id < 10 ? 1 : -1;
      }
      labels[b] = score > 0 ? 1 : 0;
    }
    return { ids, labels };
  });
}

/** @param {number} seed */
function makeModel(seed) {
  const table = tf.variable(tf.randomNormal([VOCAB, DIM], 0, 0.1, 'float32', seed));
  const kernel = tf.variable(tf.randomNormal([DIM, 2], 0, 0.3, 'float32', seed + 1));
  const bias = tf.variable(tf.zeros([2]));
  const params = new Map([
    ['embed/table', table],
    ['dense/kernel', kernel],
    ['dense/bias', bias],
  ]);
  return { namedParameters: () => params, table, kernel, bias };
}

/**
 * logits [batch, 2]
 * @param {ReturnType<typeof makeModel>} model
 * @param {Batch} batch
 */
const forward = (model, batch) => {
  const ids = tf.tensor2d(batch.ids, [BATCH, TIME], 'int32');
  const pooled = tf.mean(tf.gather(model.table, ids), 1); // [batch, dim]
  return tf.add(tf.matMul(pooled, model.kernel), model.bias);
};

const train = makeBatches(12, 0);
const test = makeBatches(2, 1000);
const dir = mkdtempSync(join(tmpdir(), 'tfnlp-pack-test-ckpt-'));
try {
  const model = makeModel(1);
  const trainer = new Trainer({
    model,
    forward,
    optimizer: new AdamW({ lr: 0.05 }),
    seed: 7,
    checkpoint: { storage: fileStorage(dir), everyEpoch: true, keep: 2 },
  });
  const { history, step } = await trainer.fit(train, { epochs: 3 });
  assert.equal(step, 36);
  assert.equal(history.length, 3);
  assert.ok(
    (history[2]?.loss ?? Number.NaN) < (history[0]?.loss ?? Number.NaN),
    `the loss did not fall: ${history.map((h) => h.loss).join(' -> ')}`,
  );
  const checkpoints = readdirSync(dir).sort();
  assert.ok(checkpoints.includes('latest.json'), `no latest.json in ${checkpoints}`);
  assert.ok(checkpoints.includes('step-00000036.safetensors'), `checkpoints: ${checkpoints}`);
  const before = await trainer.predict(test);
  const metrics = await trainer.evaluate(test);

  // A differently initialised copy, loaded from the checkpoint files, predicts the same.
  const copy = makeModel(99);
  const loaded = new Trainer({
    model: copy,
    forward,
    optimizer: new AdamW({ lr: 0.05 }),
    seed: 7,
    checkpoint: { storage: fileStorage(dir) },
  });
  await loaded.resume();
  assert.equal(loaded.step, 36);
  const after = await loaded.predict(test);
  assert.equal(after.rows, 2 * BATCH);
  assert.deepEqual(Array.from(after.logits), Array.from(before.logits));
  assert.deepEqual(Array.from(after.predictions), Array.from(before.predictions));

  // Data-parallel over a worker thread (@tfnlp/train/node): the worker file ships in the
  // tarball and imports the packages from this project. With SGD and no dropout, two replicas
  // end where one thread ends (to float rounding).
  // Next to this scenario, so its bare imports resolve from this project's node_modules.
  const replicaFile = fileURLToPath(new URL('./dp-replica.mjs', import.meta.url));
  writeFileSync(
    replicaFile,
    `import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
export async function createReplica({ vocab, dim }, { rank }) {
  await initWasm();
  const params = new Map([
    ['embed/table', tf.variable(tf.randomNormal([vocab, dim], 0, 0.1, 'float32', 50 + rank))],
    ['dense/kernel', tf.variable(tf.randomNormal([dim, 2], 0, 0.3, 'float32', 60 + rank))],
    ['dense/bias', tf.variable(tf.zeros([2]))],
  ]);
  const forward = (m, b) => {
    const ids = tf.tensor2d(b.ids, [b.batchSize, b.ids.length / b.batchSize], 'int32');
    const pooled = tf.mean(tf.gather(params.get('embed/table'), ids), 1);
    return tf.add(tf.matMul(pooled, params.get('dense/kernel')), params.get('dense/bias'));
  };
  return { model: { namedParameters: () => params, params }, forward };
}
`,
  );
  /** @param {number} replicas */
  const parallelRun = async (replicas) => {
    const parallel =
      replicas > 1
        ? await DataParallel.start({
            module: replicaFile,
            options: { vocab: VOCAB, dim: DIM },
            replicas,
          })
        : undefined;
    const { createReplica } = await import(replicaFile);
    const replica = await createReplica({ vocab: VOCAB, dim: DIM }, { rank: 0 });
    const t = new Trainer({ ...replica, optimizer: new SGD({ lr: 0.5 }), parallel });
    const fit = await t.fit(
      train.map((b) => ({ ...b, batchSize: BATCH })),
      { epochs: 2 },
    );
    await parallel?.close();
    /** @type {number[]} */
    const values = [...replica.model.params.values()].flatMap((/** @type {tf.Variable} */ v) =>
      Array.from(v.dataSync()),
    );
    return { values, loss: fit.history.at(-1)?.loss };
  };
  const one = await parallelRun(1);
  const two = await parallelRun(2);
  const parallelGap = Math.max(
    ...one.values.map((v, i) => Math.abs(v - (two.values[i] ?? Number.NaN))),
  );
  assert.ok(parallelGap < 1e-5, `2 replicas differ from 1 thread by ${parallelGap}`);
  rmSync(replicaFile, { force: true });

  console.log(
    JSON.stringify({
      ok: true,
      backend: tf.getBackend(),
      dataParallel: { replicas: 2, maxWeightGap: parallelGap, loss: two.loss },
      steps: step,
      loss: history.map((h) => h.loss),
      accuracy: history.map((h) => h.accuracy),
      testAccuracy: metrics.accuracy,
      checkpoints,
      predictions: Array.from(after.predictions.slice(0, 8)),
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
