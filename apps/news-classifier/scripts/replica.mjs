// The news classifier as a replica module for `train.mjs --threads N` (@tfnlp/train's
// DataParallel): each worker thread imports this, starts its own wasm backend and builds the
// same TransformerClassifier; the trainer's thread copies its weights over before each step.
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { reseedDropout, TransformerClassifier } from '@tfnlp/layers';

/**
 * A PaddedBatch of @tfnlp/datasets (ids/attentionMask [batchSize, seqLength]) -> logits. With `reseed`, dropout masks come from the trainer's
 * step seed (each replica gets its own); without, from the layers' own streams (one thread,
 * as the shipped models were trained).
 */
export function forwardWith(reseed) {
  return (m, batch, ctx) => {
    if (reseed && ctx.training) reseedDropout(m, ctx.seed);
    const ids = tf.tensor2d(batch.ids, [batch.batchSize, batch.seqLength], 'int32');
    const mask = tf.tensor2d(batch.attentionMask, [batch.batchSize, batch.seqLength], 'int32');
    return m.forward(ids, mask);
  };
}

export async function createReplica({ modelOptions }) {
  await initWasm();
  return { model: new TransformerClassifier(modelOptions), forward: forwardWith(true) };
}
