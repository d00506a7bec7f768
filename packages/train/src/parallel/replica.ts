import type { Labels, Loss } from '../losses/loss.js';
import type { ForwardFn, TrainableModule } from '../types.js';

/** What a replica module's factory returns: the same model, forward and loss in every replica. */
export interface Replica<M extends TrainableModule = TrainableModule, B = unknown> {
  /** A freshly built model; its initial weights are replaced by replica 0's before any step. */
  model: M;
  forward: ForwardFn<M, B>;
  /** Default: softmax cross-entropy (must be the trainer's loss). */
  loss?: Loss;
  /** Labels of a batch (default: `batch.labels`). */
  labels?: (batch: B) => Labels;
}

/** Which replica a factory is building. */
export interface ReplicaInfo {
  /** 0 for the thread that runs the Trainer, 1.. for the workers. */
  rank: number;
  /** Replicas in all. */
  replicas: number;
}

/**
 * The export of a replica module (named `createReplica` unless told otherwise): sets up the
 * backend of its thread (e.g. `await initWasm()`) and builds the model. Runs once per worker.
 */
export type ReplicaFactory<M extends TrainableModule = TrainableModule, B = unknown> = (
  options: unknown,
  info: ReplicaInfo,
) => Replica<M, B> | Promise<Replica<M, B>>;
