/**
 * @tfnlp/train: a training loop for tfjs-core models (any module with named tf.Variable
 * parameters): optimizers with PyTorch parity, LR schedules, clipping, gradient accumulation,
 * losses, streaming metrics, callbacks, progress events and exact resume from checkpoints.
 */
export * from './callbacks/index.js';
export { type CheckpointOptions, LATEST } from './checkpoint/manager.js';
export { type CheckpointStorage, memoryStorage } from './checkpoint/storage.js';
export type { TensorData } from './checkpoint/tensor_data.js';
export { clipByGlobalNorm, globalNorm } from './clip.js';
export { NonFiniteError } from './errors.js';
export type {
  CheckpointEvent,
  EpochBeginEvent,
  EpochEvent,
  Listener,
  StepEvent,
  StopEvent,
  TrainBeginEvent,
  TrainerEvent,
} from './events.js';
export type { TrainerHandle } from './handle.js';
export {
  type CausalLanguageModel,
  type CausalLmBatch,
  type CausalLmBatchesOptions,
  causalLmBatch,
  causalLmBatches,
  causalLmForward,
} from './lm/causal_lm_data.js';
export { type PackOptions, packBlocks } from './lm/packing.js';
export { Perplexity } from './lm/perplexity.js';
export * from './losses/index.js';
export * from './metrics/index.js';
export { Adam, type AdamOptions } from './optimizers/adam.js';
export { AdamW } from './optimizers/adamw.js';
export { createOptimizer, type OptimizerConfig } from './optimizers/index.js';
export {
  type BaseOptimizerOptions,
  type DecayFilter,
  type DecayFilterOptions,
  defaultDecayFilter,
  type NamedTensors,
  type NamedVariables,
  Optimizer,
  type OptimizerState,
  type SlotState,
} from './optimizers/optimizer.js';
export { SGD, type SGDOptions } from './optimizers/sgd.js';
export type {
  GradientWorkers,
  ShardContext,
  ShardGradients,
} from './parallel/gradient_workers.js';
export type { Replica, ReplicaFactory, ReplicaInfo } from './parallel/replica.js';
export { shardRows } from './parallel/shard_rows.js';
export { formatDuration, formatEpoch, formatStep } from './progress.js';
export * from './schedules/index.js';
export { Trainer } from './trainer.js';
export type { PredictResult } from './trainers/inference.js';
export type { NonFinitePolicy } from './trainers/nan_policy.js';
export type { FitOptions, FitResult, TrainerOptions } from './trainers/options.js';
export type { SavedValues } from './trainers/parameters.js';
export type {
  DataSource,
  EpochContext,
  ForwardFn,
  LabelledBatch,
  StepContext,
  TrainableModule,
} from './types.js';
