import type * as tf from '@tensorflow/tfjs-core';

/**
 * What the trainer asks of the other replicas in data-parallel training (the Node
 * implementation is `DataParallel` from `@tfnlp/train/node`). This thread is replica 0: it
 * keeps the optimizer, metrics and checkpoints; the others hold copies of the parameters and
 * compute gradients on their shards of each batch.
 */
export interface GradientWorkers<B> {
  /** Replicas in all, this thread included (>= 1). */
  readonly replicas: number;
  /** Name of the loss the other replicas compute, when known (must be the trainer's). */
  readonly lossName?: string | undefined;
  /** Rows `index` of `count` equal parts of `batch`; undefined when that part is empty. */
  shard(batch: B, index: number, count: number): B | undefined;
  /** Copies the parameters (every one, by name) to the other replicas before their next step. */
  syncParameters(params: ReadonlyArray<readonly [string, tf.Variable]>): void;
  /**
   * Starts gradient computations of `shards` (replica i + 1 gets `shards[i]`, undefined means
   * no work), each with its dropout seed; resolves when all are done. The returned gradient
   * views stay valid until the next `compute` or `syncParameters`.
   */
  compute(shards: ReadonlyArray<B | undefined>, ctx: ShardContext): Promise<ShardGradients[]>;
}

/** The step a shard belongs to. */
export interface ShardContext {
  /** One dropout seed per shard (drawn from the trainer's Rng, so resume is exact). */
  seeds: number[];
  step: number;
  epoch: number;
}

/** One replica's result: gradients of its loss sum and the logits for the metrics. */
export interface ShardGradients {
  /** Weighted loss sum of the shard (a number; the loss's `sum`). */
  lossSum: number;
  /** The shard's loss weight. */
  weight: number;
  /** Row-major logits [rows, ...]. */
  logits: Float32Array;
  logitsShape: number[];
  /** Gradient of the loss sum by parameter name (only the parameters that received one). */
  grads: Map<string, Float32Array>;
}
