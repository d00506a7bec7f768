// The benchmark's model as a replica module (for @tfnlp/train's DataParallel): each worker
// thread imports this and builds the same model; replica 0 (the runner) does too.
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { reseedDropout } from '@tfnlp/layers';
import { configs } from '../configs.mjs';
import { buildModel } from '../models.mjs';

/** @typedef {{ ids: Int32Array, batchSize: number }} Batch ids [batch, time] row-major */

/**
 * @param {{ name: string }} options the config's name (configs.mjs)
 * @returns {Promise<import('@tfnlp/train').Replica<ReturnType<typeof buildModel>, Batch>>}
 */
export async function createReplica({ name }) {
  await initWasm();
  const config = /** @type {import('../configs.mjs').BenchConfig} */ (configs[name]);
  const model = buildModel(config);
  // ids [batch, time] -> logits [batch, classes]; dropout masks from the step's seed
  /** @type {import('@tfnlp/train').ForwardFn<typeof model, Batch>} */
  const forward = (m, batch, ctx) => {
    if (ctx.training) reseedDropout(m, ctx.seed);
    return m.forward(tf.tensor2d(batch.ids, [batch.batchSize, config.time], 'int32'));
  };
  return { model, forward };
}
