/**
 * The training model as a replica module for data-parallel training (`train --threads N`):
 * every worker thread imports this, starts its own wasm backend and builds the same model;
 * the trainer's thread then copies its weights over before each step.
 */
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import type { PaddedBatch } from '@tfnlp/datasets';
import { reseedDropout } from '@tfnlp/layers';
import type { Replica, StepContext } from '@tfnlp/train';
import { type Arch, type ArchOptions, buildClassifier, type Classifier } from './model.js';

/** ids [B, T], mask [B, T] -> logits [B, 2]; dropout masks from the trainer's step seed. */
export function forward(model: Classifier, batch: PaddedBatch, ctx: StepContext): tf.Tensor {
  if (ctx.training) reseedDropout(model, ctx.seed);
  const ids = tf.tensor2d(batch.ids, [batch.batchSize, batch.seqLength], 'int32');
  const mask = tf.tensor2d(batch.attentionMask, [batch.batchSize, batch.seqLength], 'int32');
  return model.forward(ids, mask);
}

export interface ReplicaOptions {
  arch: Arch;
  archOptions: ArchOptions;
}

export async function createReplica(
  options: ReplicaOptions,
): Promise<Replica<Classifier, PaddedBatch>> {
  await initWasm();
  return { model: buildClassifier(options.arch, options.archOptions), forward };
}
