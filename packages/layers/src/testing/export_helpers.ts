// Test helpers of the exporters (excluded from the build by tsconfig.json).
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@tfnlp/core';
import type { Module } from '../core/module.js';

/** A classifier as the exporters see it: ids [B, T] + mask -> logits [B, C]. */
export type Classifier = Module & { forward(ids: tf.Tensor2D, mask?: tf.Tensor): tf.Tensor2D };

/**
 * Every parameter drawn anew, N(0, scale^2) (idf tables: U(1, 3)), so that biases, LayerNorm
 * affines and LayerScales that start at 0 or 1 are not constant and a swapped weight shows.
 */
export function randomize(model: Module, seed: number, scale = 0.5): void {
  const rng = new Rng(seed);
  for (const [name, v] of model.namedParameters()) {
    const values = rng.normalArray(v.size);
    for (let i = 0; i < values.length; i++) {
      values[i] = name.endsWith('idf') ? 2 + Math.tanh(values[i]!) : values[i]! * scale;
    }
    tf.tidy(() => v.assign(tf.tensor(values, v.shape, 'float32')));
  }
}

/** A right-padded batch: rows of random ids in [1, vocab) of lengths in [1, T], 0 after. */
export function paddedBatch(
  seed: number,
  batch: number,
  time: number,
  vocab: number,
): { ids: number[][]; mask: number[][] } {
  const rng = new Rng(seed);
  const ids: number[][] = [];
  const mask: number[][] = [];
  for (let b = 0; b < batch; b++) {
    // The first row is full length, so the batch's longest row fills T.
    const len = b === 0 ? time : 1 + Math.floor(rng.random() * time);
    // A small id range makes repeats (TF-IDF counts > 1) common.
    const row = Array.from({ length: time }, (_, t) =>
      t < len ? 1 + Math.floor(rng.random() * Math.min(vocab - 1, 12)) : 0,
    );
    ids.push(row);
    mask.push(row.map((_, t) => (t < len ? 1 : 0)));
  }
  return { ids, mask };
}

/** tfnlp's logits for a batch (eval mode), row-major. */
export function tfnlpLogits(model: Classifier, ids: number[][], mask: number[][]): Float32Array {
  return tf.tidy(() => {
    const logits = model.forward(tf.tensor2d(ids, undefined, 'int32'), tf.tensor2d(mask));
    return Float32Array.from(logits.dataSync() as Float32Array);
  });
}

/** Largest |a - e|, and whether every element meets |a - e| <= atol + rtol |e|. */
export function compare(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  atol = 1e-5,
  rtol = 1e-5,
): { maxAbs: number; ok: boolean } {
  if (actual.length !== expected.length) return { maxAbs: Number.POSITIVE_INFINITY, ok: false };
  let maxAbs = 0;
  let ok = true;
  for (let i = 0; i < actual.length; i++) {
    const diff = Math.abs(actual[i]! - expected[i]!);
    if (!(diff <= atol + rtol * Math.abs(expected[i]!))) ok = false;
    maxAbs = Math.max(maxAbs, Number.isNaN(diff) ? Number.POSITIVE_INFINITY : diff);
  }
  return { maxAbs, ok };
}

/** A causal LM as the exporters see it: ids [B, T] + { mask } -> logits [B, T, vocab]. */
export type LanguageModel = Module & {
  forward(ids: tf.Tensor2D, opts?: { mask?: tf.Tensor }): tf.Tensor3D;
};

/** tfnlp's LM logits [B, T, vocab] for a batch (eval mode), row-major. */
export function tfnlpLmLogits(
  model: LanguageModel,
  ids: number[][],
  mask: number[][],
): Float32Array {
  return tf.tidy(() => {
    const logits = model.forward(tf.tensor2d(ids, undefined, 'int32'), { mask: tf.tensor2d(mask) });
    return Float32Array.from(logits.dataSync() as Float32Array);
  });
}

/** The `vocab`-long rows of `logits` [B, T, vocab] at real (mask 1) positions, concatenated. */
export function realRows(logits: ArrayLike<number>, mask: number[][], vocab: number): Float32Array {
  const rows: number[] = [];
  mask.flat().forEach((m, p) => {
    if (m === 1) for (let v = 0; v < vocab; v++) rows.push(logits[p * vocab + v]!);
  });
  return Float32Array.from(rows);
}
