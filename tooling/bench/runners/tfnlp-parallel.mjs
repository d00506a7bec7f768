// tfnlp on wasm through @tfnlp/train's Trainer (Adam), on 1 replica or data-parallel over
// worker threads (each replica a thread with its own wasm backend; gradients summed into the
// main thread every step, parameters copied back after the update).
//   node runners/tfnlp-parallel.mjs <config> <replicas> <steps>
import * as tf from '@tensorflow/tfjs-core';
import { Adam, Trainer } from '@tfnlp/train';
import { DataParallel } from '@tfnlp/train/node';
import { configs, makeBatch } from '../configs.mjs';
import { createReplica } from './replica.mjs';

const [name, replicasArg, stepsArg] = /** @type {[string, string, string]} */ (
  process.argv.slice(2)
);
const config = /** @type {import('../configs.mjs').BenchConfig} */ (configs[name]);
const replicas = Number(replicasArg);
const steps = Number(stepsArg);
/** @param {number[]} xs */
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** @type {import('@tfnlp/train/node').DataParallel<import('@tfnlp/datasets').PaddedBatch> | undefined} */
const parallel =
  replicas > 1
    ? await DataParallel.start({
        module: new URL('./replica.mjs', import.meta.url),
        options: { name },
        replicas,
      })
    : undefined;
const { model, forward } = await createReplica({ name });
const trainer = new Trainer({ model, forward, optimizer: new Adam({ lr: 1e-3 }), parallel });
const batch = makeBatch(config); // a PaddedBatch: shardRows splits it by rows
const { ids } = batch;

// Step times from consecutive step events; the first (warm-up) interval is dropped.
/** @type {number[]} */
const trainMs = [];
/** @type {number[]} */
const tensors = [];
/** @type {number | undefined} */
let last;
trainer.on('step', () => {
  const now = performance.now();
  if (last !== undefined) trainMs.push(now - last);
  last = now;
  tensors.push(tf.memory().numTensors);
});
await trainer.fit(new Array(steps + 2).fill(batch), { epochs: 1 });
await parallel?.close();

const x = tf.tensor2d(ids, [config.batch, config.time], 'int32');
model.eval();
/** @type {number[]} */
const inferMs = [];
for (let i = 0; i < Math.max(4, steps + 1); i++) {
  const start = performance.now();
  tf.tidy(() => void model.forward(x).dataSync());
  inferMs.push(performance.now() - start);
}
console.log(
  JSON.stringify({
    trainSamplesPerSec: (config.batch * 1000) / /** @type {number} */ (median(trainMs.slice(1))),
    inferSamplesPerSec: (config.batch * 1000) / /** @type {number} */ (median(inferMs.slice(1))),
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    tensorsLeakedPerStep:
      /** @type {number} */ (tensors.at(-1)) - /** @type {number} */ (tensors.at(-2)),
  }),
);
