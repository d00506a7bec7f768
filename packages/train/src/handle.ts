import type * as tf from '@tensorflow/tfjs-core';
import type { TensorData } from './checkpoint/tensor_data.js';
import type { StopEvent } from './events.js';
import type { TrainableModule } from './types.js';

/** What callbacks may do with the trainer (the Trainer implements it). */
export interface TrainerHandle {
  /** The model being trained. */
  readonly model: TrainableModule;
  /** Optimizer updates done so far. */
  readonly step: number;
  /** Epochs completed so far. */
  readonly epoch: number;
  /** Asks the fit to stop after the current update / epoch. */
  stop(message?: string, reason?: StopEvent['reason']): void;
  /** A copy of every parameter's values by name. */
  snapshot(): Map<string, TensorData>;
  /** Assigns parameter values by name. */
  restore(
    values: ReadonlyMap<string, { shape: number[]; values: Float32Array | Int32Array }>,
  ): void;
  /** The model's named parameters, in `namedParameters()` order. */
  parameters(): Array<readonly [string, tf.Variable]>;
  /** Writes a checkpoint now; returns its path. */
  checkpoint(): Promise<string>;
}
