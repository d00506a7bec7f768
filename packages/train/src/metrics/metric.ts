import type { Labels } from '../losses/loss.js';

/** One batch of model outputs as plain data, as the trainer hands it to the metrics. */
export interface Outputs {
  /** Logits, row-major [batch, classes] (classes 1 for a single binary sigmoid output). */
  logits: Float32Array;
  batch: number;
  classes: number;
  labels: Labels;
  /** The batch's mean loss, when known. */
  loss?: number;
  /** The loss weight of the batch (examples, or class-weighted examples). */
  lossWeight?: number;
}

/**
 * A streaming metric: constant memory whatever the number of batches; `result()` can be called
 * at any time. State is JSON-serialisable (checkpoints save the running epoch metrics).
 */
export interface Metric {
  readonly name: string;
  /** Adds one batch of outputs to the running totals. */
  update(outputs: Outputs): void;
  /** Named values, e.g. { accuracy: 0.91 } or { macro_f1: 0.8, weighted_f1: 0.82 }. */
  result(): Record<string, number>;
  /** Clears the running totals (the trainer calls it at the start of each epoch and evaluation). */
  reset(): void;
  /** The running totals as JSON-serialisable data (saved in checkpoints). */
  getState(): unknown;
  /** Restores totals from `getState()` output. */
  setState(state: unknown): void;
}

/** Index of the largest logit of row `row` (the first one on ties, as argmax). */
export function argmaxRow(logits: Float32Array, row: number, classes: number): number {
  let best = 0;
  let bestValue = logits[row * classes]!;
  for (let c = 1; c < classes; c++) {
    const v = logits[row * classes + c]!;
    if (v > bestValue) {
      bestValue = v;
      best = c;
    }
  }
  return best;
}

/** Predicted class of each row: argmax, or logit > 0 for a single binary output. */
export function predictedClass(logits: Float32Array, row: number, classes: number): number {
  return classes === 1 ? (logits[row]! > 0 ? 1 : 0) : argmaxRow(logits, row, classes);
}
