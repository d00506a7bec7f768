// The small classifier, data and batching shared by the Trainer tests (trainer*.test.ts).
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@tfnlp/core';
import type { EpochContext, StepContext } from '../src/types.js';
import { CLASSES, FEATURES, Mlp as ReplicaMlp } from './fixtures/mlp_replica.mjs';

export interface Batch {
  x: Float32Array; // [batch, features]
  labels: Int32Array; // [batch]
}

export { CLASSES, FEATURES };

/**
 * The data-parallel tests' MLP [features -> hidden -> classes] (dropout in `forward`), its two
 * kernels initialised from `new Rng(seed)`, with helpers to read and free its values.
 */
export class Mlp extends ReplicaMlp {
  constructor(seed: number, hidden = 8) {
    const rng = new Rng(seed);
    super(rng.seed(), hidden, rng.seed());
  }
  values(): number[][] {
    return this.params.map(([, v]) => Array.from(v.dataSync()));
  }
  dispose() {
    tf.dispose(this.params.map(([, v]) => v));
  }
}

export function forward(dropout = 0) {
  return (model: Mlp, batch: Batch, ctx: StepContext) => {
    const [w1, b1, w2, b2] = model.params.map(([, v]) => v) as tf.Variable[];
    const x = tf.tensor2d(batch.x, [batch.labels.length, FEATURES]); // [batch, features]
    let h = tf.relu(tf.add(tf.matMul(x, w1!), b1!)); // [batch, hidden]
    if (ctx.training && dropout > 0) h = tf.dropout(h, dropout, undefined, ctx.seed);
    return tf.add(tf.matMul(h, w2!), b2!); // [batch, classes]
  };
}

/** Class = argmax of the first 3 features (plus noise): learnable, deterministic per seed. */
export function makeData(n: number, seed: number): Batch {
  const rng = new Rng(seed);
  const x = new Float32Array(n * FEATURES);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < FEATURES; f++) x[i * FEATURES + f] = rng.random() * 2 - 1;
    let best = 0;
    for (let c = 1; c < CLASSES; c++) if (x[i * FEATURES + c]! > x[i * FEATURES + best]!) best = c;
    labels[i] = best;
  }
  return { x, labels };
}

/** An epoch's batches, shuffled by the epoch seed (as a dataset would). */
export function batches(data: Batch, size: number) {
  return ({ seed }: EpochContext): Batch[] => {
    const n = data.labels.length;
    const order = new Rng(seed).shuffle(Array.from({ length: n }, (_, i) => i));
    const out: Batch[] = [];
    for (let start = 0; start < n; start += size) {
      const idx = order.slice(start, start + size);
      const x = new Float32Array(idx.length * FEATURES);
      idx.forEach((j, k) => {
        x.set(data.x.subarray(j * FEATURES, (j + 1) * FEATURES), k * FEATURES);
      });
      out.push({ x, labels: Int32Array.from(idx, (j) => data.labels[j]!) });
    }
    return out;
  };
}

export function maxAbsDiff(a: number[][], b: number[][]): number {
  let max = 0;
  a.forEach((row, i) => {
    row.forEach((v, j) => {
      max = Math.max(max, Math.abs(v - b[i]![j]!));
    });
  });
  return max;
}

/** The training set (256 rows) and the dev set (128 rows) of the Trainer tests. */
export const TRAIN = makeData(256, 1);
export const DEV = makeData(128, 2);
