// Data-parallel shard handling: one micro-batch split over the replicas. The other replicas
// start on their parts, this thread computes part 0, then their gradients are added in.
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '@tfnlp/core';
import type { GradientWorkers } from '../parallel/gradient_workers.js';
import type { TrainableModule } from '../types.js';
import {
  addGradient,
  type GradientContext,
  localGradients,
  type PendingUpdate,
} from './accumulation.js';

/**
 * `localGradients` split over `parallel`'s replicas; adds every shard's gradients to `pending`
 * and counts one micro-batch. Each shard gets its own dropout seed from `rng`.
 */
export async function parallelGradients<M extends TrainableModule, B>(
  g: GradientContext<M, B>,
  parallel: GradientWorkers<B>,
  batch: B,
  run: { rng: Rng; step: number; epoch: number },
  pending: PendingUpdate,
): Promise<void> {
  const n = parallel.replicas;
  const shards = Array.from({ length: n }, (_, i) => parallel.shard(batch, i, n));
  const seeds = shards.map(() => run.rng.seed());
  const remote = parallel.compute(shards.slice(1), {
    seeds: seeds.slice(1),
    step: run.step,
    epoch: run.epoch,
  });
  if (shards[0] !== undefined) {
    const ctx = { training: true, seed: seeds[0]!, rng: run.rng, step: run.step, epoch: run.epoch };
    localGradients(g, shards[0], ctx, pending);
  }
  const results = await remote;
  const byName = new Map(g.variables.map((v) => [g.nameOfVariable.get(v.name)!, v]));
  const remoteShards = shards.slice(1).filter((s) => s !== undefined);
  results.forEach((r, i) => {
    for (const [name, values] of r.grads) {
      addGradient(pending, name, tf.tensor(values, byName.get(name)!.shape, 'float32'));
    }
    pending.sums.push(tf.scalar(r.lossSum));
    if (g.keepLogits) {
      pending.logits.push(tf.tensor(r.logits, r.logitsShape, 'float32')); // [shardRows, classes]
      pending.labels.push(g.labelsOf(remoteShards[i]!));
    }
    pending.weight += r.weight;
    pending.samples += r.logitsShape[0] ?? 1;
  });
  pending.count += 1;
}
