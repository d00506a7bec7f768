// The benchmark's model as a replica module (for @tfnlp/train's DataParallel): each worker
// thread imports this and builds the same model; replica 0 (the runner) does too.
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { reseedDropout } from '@tfnlp/layers';
import { configs } from '../configs.mjs';
import { buildModel } from '../models.mjs';

export async function createReplica({ name }) {
  await initWasm();
  const config = configs[name];
  const model = buildModel(config);
  // ids [batch, time] -> logits [batch, classes]; dropout masks from the step's seed
  const forward = (m, batch, ctx) => {
    if (ctx.training) reseedDropout(m, ctx.seed);
    return m.forward(tf.tensor2d(batch.ids, [batch.batchSize, config.time], 'int32'));
  };
  return { model, forward };
}
