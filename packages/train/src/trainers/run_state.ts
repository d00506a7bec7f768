import type * as tf from '@tensorflow/tfjs-core';
import type { TensorData } from '../checkpoint/tensor_data.js';
import type { StopEvent } from '../events.js';
import type { Labels } from '../losses/loss.js';
import type { Metric, Outputs } from '../metrics/metric.js';
import type { DataSource } from '../types.js';

/** Where the run is: everything (with the Rng, optimizer and metrics) that a checkpoint saves. */
export interface Progress {
  /** Current 0-based epoch. */
  epoch: number;
  /** Micro-batches of this epoch already consumed (skipped on resume). */
  batchInEpoch: number;
  stepInEpoch: number;
  samplesInEpoch: number;
  /** Optimizer updates in the whole run. */
  step: number;
  /** Shuffle seed of the current epoch, once drawn. */
  epochSeed: number | null;
  stepsPerEpoch: number | null;
  history: Array<Record<string, number>>;
  /** Checkpoint file names written by this run, oldest first (rotation deletes from the front). */
  checkpoints: string[];
}

/** A request to end the fit, with its reason. */
export interface StopRequest {
  reason: StopEvent['reason'];
  message: string;
}

/** A run at its start: epoch 0, no update done. */
export function freshProgress(stepsPerEpoch: number | null): Progress {
  return {
    epoch: 0,
    batchInEpoch: 0,
    stepInEpoch: 0,
    samplesInEpoch: 0,
    step: 0,
    epochSeed: null,
    stepsPerEpoch,
    history: [],
    checkpoints: [],
  };
}

/** The batches of one epoch. */
export function resolveSource<B>(
  source: DataSource<B>,
  ctx: { epoch: number; seed: number },
): AsyncIterable<B> | Iterable<B> {
  return typeof source === 'function' ? source(ctx) : source;
}

/** Logits read back [batch, ...classes] as the `Outputs` metrics consume. */
export function toOutputs(values: ArrayLike<number>, shape: number[], labels: Labels): Outputs {
  const batch = shape[0] ?? 1;
  const classes = shape.length >= 2 ? shape.slice(1).reduce((a, b) => a * b, 1) : 1;
  return {
    logits: values instanceof Float32Array ? values : Float32Array.from(values),
    batch,
    classes,
    labels,
  };
}

/** The results of several metrics as one record. */
export function mergeResults(metrics: Metric[]): Record<string, number> {
  return Object.assign({}, ...metrics.map((m) => m.result()));
}

/** A copy of a parameter's values (float32 or int32). */
export function tensorData(v: tf.Tensor): TensorData {
  if (v.dtype === 'int32') {
    return {
      dtype: 'int32',
      shape: [...v.shape],
      values: new Int32Array(v.dataSync() as Int32Array),
    };
  }
  if (v.dtype !== 'float32') {
    throw new Error(`Trainer: parameter of dtype ${v.dtype}; only float32 and int32 are saved.`);
  }
  return {
    dtype: 'float32',
    shape: [...v.shape],
    values: new Float32Array(v.dataSync() as Float32Array),
  };
}

/** Same rank and sizes. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Milliseconds, monotonic. */
export function now(): number {
  return performance.now();
}

/** The default `labels` accessor: `batch.labels`, with a clear error when there is none. */
export function defaultLabels(batch: unknown): Labels {
  const labels = (batch as { labels?: Labels }).labels;
  if (labels === undefined) {
    throw new Error(
      'Trainer: the batch has no `labels`; pass `labels: (batch) => ...` to the Trainer.',
    );
  }
  return labels;
}

/** Throws when an epoch's data gave no batch, or fewer than a resumed checkpoint had consumed. */
export function checkEpochData(seen: number, skipped: number, epoch: number): void {
  if (seen === 0) {
    throw new Error(
      `Trainer.fit: epoch ${epoch + 1} had no batches. An async generator can be iterated ` +
        'only once: pass a function ({ epoch, seed }) => batches, or an array.',
    );
  }
  if (seen < skipped) {
    throw new Error(
      `Trainer.fit: the checkpoint had consumed ${skipped} batches of epoch ${epoch + 1}, ` +
        `the data gives only ${seen}; resume with the same data and batch size.`,
    );
  }
}

/** Enters a new epoch: its shuffle seed, no update or sample yet. */
export function startEpoch(p: Progress, epochSeed: number): void {
  p.epochSeed = epochSeed;
  p.stepInEpoch = 0;
  p.samplesInEpoch = 0;
}

/** Counts one applied update of `samples` examples, made after `batches` batches of the epoch. */
export function countUpdate(p: Progress, samples: number, batches: number): void {
  p.step += 1;
  p.stepInEpoch += 1;
  p.samplesInEpoch += samples;
  p.batchInEpoch = batches;
}
