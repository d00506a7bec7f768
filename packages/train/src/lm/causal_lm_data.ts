/**
 * Causal-LM batches for the Trainer: blocks of token ids in, next-token labels out. The model's
 * logits at positions 0 .. T-2 are scored against the ids at 1 .. T-1, flattened to
 * [batch * (T - 1), vocab] rows so that `SoftmaxCrossEntropy` (with its fused kernel) is the loss.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@tfnlp/core';
import type { EpochContext } from '../types.js';

/** One batch of equal-length blocks. */
export interface CausalLmBatch {
  /** Row-major [batch, time] token ids. */
  ids: Int32Array;
  batch: number;
  time: number;
  /** The next-token targets, [batch * (time - 1)]: ids[b, t + 1] for t < time - 1. */
  labels: Int32Array;
}

/** A batch from blocks of the same length (at least 2 tokens). */
export function causalLmBatch(blocks: ArrayLike<number>[]): CausalLmBatch {
  const batch = blocks.length;
  const time = blocks[0]?.length ?? 0;
  if (batch === 0 || time < 2) {
    throw new Error(
      `causalLmBatch: give at least one block of >= 2 tokens, got ${batch} of ${time}.`,
    );
  }
  const ids = new Int32Array(batch * time);
  const labels = new Int32Array(batch * (time - 1));
  blocks.forEach((block, b) => {
    if (block.length !== time) {
      throw new Error(
        `causalLmBatch: block ${b} has ${block.length} tokens, block 0 has ${time}; pack them with packBlocks.`,
      );
    }
    for (let t = 0; t < time; t++) ids[b * time + t] = block[t]!;
    for (let t = 0; t + 1 < time; t++) labels[b * (time - 1) + t] = block[t + 1]!;
  });
  return { ids, batch, time, labels };
}

/** Options of `causalLmBatches`. */
export interface CausalLmBatchesOptions {
  /** Shuffle the blocks each epoch with the epoch's seed (default true). */
  shuffle?: boolean;
  /** Drop the last, smaller batch (default false). */
  dropLast?: boolean;
}

/**
 * A Trainer data source over packed blocks: each epoch yields the blocks in batches, shuffled
 * by the epoch seed (so a resumed run sees the same order).
 */
export function causalLmBatches(
  blocks: ArrayLike<number>[],
  batchSize: number,
  options: CausalLmBatchesOptions = {},
): (ctx: EpochContext) => Iterable<CausalLmBatch> {
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) {
    throw new Error(`causalLmBatches: batchSize must be a positive integer, got ${batchSize}.`);
  }
  return function* ({ seed }: EpochContext) {
    const order = Array.from(blocks.keys());
    if (options.shuffle ?? true) new Rng(seed).shuffle(order);
    for (let i = 0; i < order.length; i += batchSize) {
      const rows = order.slice(i, i + batchSize);
      if (rows.length < batchSize && options.dropLast) return;
      yield causalLmBatch(rows.map((r) => blocks[r]!));
    }
  };
}

/** What `causalLmForward` needs: ids int32 [batch, time] -> logits [batch, time, vocab]. */
export interface CausalLanguageModel {
  /** ids int32 [batch, time] -> next-token logits [batch, time, vocab] (e.g. @tfnlp/layers' CausalLM). */
  forward(ids: tf.Tensor2D): tf.Tensor3D;
}

/**
 * The Trainer `forward` of a causal LM: the logits that predict each next token, as
 * [batch * (time - 1), vocab] rows in the order of `batch.labels`.
 */
export function causalLmForward(model: CausalLanguageModel, batch: CausalLmBatch): tf.Tensor2D {
  return tf.tidy(() => {
    const ids = tf.tensor2d(batch.ids, [batch.batch, batch.time], 'int32');
    const logits = model.forward(ids); // [B, T, V]
    const V = logits.shape[2];
    const head = tf.slice(logits, [0, 0, 0], [batch.batch, batch.time - 1, V]); // [B, T-1, V]
    return tf.reshape(head, [batch.batch * (batch.time - 1), V]) as tf.Tensor2D;
  });
}
