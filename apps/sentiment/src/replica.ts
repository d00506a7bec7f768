/**
 * The training model as a replica module for data-parallel training (`train --threads N`):
 * every worker thread imports this, starts its own wasm backend and builds the same model;
 * the trainer's thread then copies its weights over before each step.
 */
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { reseedDropout } from '@tfnlp/layers';
import type { Replica, StepContext } from '@tfnlp/train';
import { type Arch, type ArchOptions, buildClassifier, type Classifier } from './model.js';

/** A padded batch: row-major ids and mask [batchSize, cols], labels [batchSize]. */
export interface Batch {
  ids: Int32Array;
  mask: Int32Array;
  labels: Int32Array;
  batchSize: number;
  cols: number;
}

/** ids [B, T], mask [B, T] -> logits [B, 2]; dropout masks from the trainer's step seed. */
export function forward(model: Classifier, batch: Batch, ctx: StepContext): tf.Tensor {
  if (ctx.training) reseedDropout(model, ctx.seed);
  const ids = tf.tensor2d(batch.ids, [batch.batchSize, batch.cols], 'int32');
  const mask = tf.tensor2d(batch.mask, [batch.batchSize, batch.cols], 'int32');
  return model.forward(ids, mask);
}

export interface ReplicaOptions {
  arch: Arch;
  archOptions: ArchOptions;
}

export async function createReplica(options: ReplicaOptions): Promise<Replica<Classifier, Batch>> {
  await initWasm();
  return { model: buildClassifier(options.arch, options.archOptions), forward };
}
