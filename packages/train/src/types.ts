import type * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '@tfnlp/core';
import type { Labels } from './losses/loss.js';

/**
 * What the trainer needs of a model (what a @tfnlp/layers Module is to provide): its parameters
 * by a stable name (an array of pairs or a Map<string, tf.Variable>), and optionally train/eval
 * switches (dropout on/off). Non-trainable variables are saved in checkpoints, not updated.
 */
export interface TrainableModule {
  /** Every parameter with a name that is the same in every run (used in checkpoints). */
  namedParameters(): Iterable<readonly [string, tf.Variable]>;
  /** Training mode (dropout on); called before training epochs. */
  train?(): void;
  /** Inference mode (dropout off); called around evaluate and predict. */
  eval?(): void;
  /**
   * Every submodule by dotted path (a @tfnlp/layers Module has it): before each training
   * forward the trainer restarts each one with a `reseed(seed)` method (Dropout) from
   * `childSeed(ctx.seed, path)`, so masks follow the checkpointed Rng whatever the forward does.
   */
  namedModules?(): Iterable<readonly [string, unknown]>;
}

/** What `forward` receives besides the model and the batch. */
export interface StepContext {
  /** True in fit, false in evaluate/predict. */
  training: boolean;
  /**
   * A fresh seed for this forward pass, drawn from the trainer's Rng (so it is saved in
   * checkpoints); 0 when not training. The trainer has already reseeded the model's Dropout
   * modules from it; a hand-written forward passes it to `tf.dropout(x, rate, undefined, seed)`.
   */
  seed: number;
  /** The trainer's generator, for anything else random in the forward pass. */
  rng: Rng;
  /** Optimizer updates done so far. */
  step: number;
  /** 0-based epoch. */
  epoch: number;
}

/** Runs the model on a batch: logits [batch, classes] (or [batch] for one binary output). */
export type ForwardFn<M, B> = (model: M, batch: B, ctx: StepContext) => tf.Tensor;

/** How each epoch's batches are obtained. */
export interface EpochContext {
  /** 0-based epoch. */
  epoch: number;
  /** Shuffle seed of this epoch, derived from the trainer's seed (saved in checkpoints). */
  seed: number;
}

/**
 * Batches: an iterable (async or not) that can be iterated once per epoch, or a function that
 * returns the iterable for an epoch (e.g. `({ seed }) => dataset.batches({ shuffleSeed: seed })`).
 * For exact resume the same epoch and seed must give the same batches: the trainer skips the
 * batches a checkpoint had consumed.
 */
export type DataSource<B> =
  | AsyncIterable<B>
  | Iterable<B>
  | ((ctx: EpochContext) => AsyncIterable<B> | Iterable<B>);

/** The default shape of a batch: `labels` is read unless a `labels` accessor is given. */
export interface LabelledBatch {
  labels: Labels;
}
