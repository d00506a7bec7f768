import type { Callback } from '../callbacks/callback.js';
import type { CheckpointOptions } from '../checkpoint/manager.js';
import type { StopEvent } from '../events.js';
import type { Labels, Loss } from '../losses/loss.js';
import type { Metric } from '../metrics/metric.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import type { GradientWorkers } from '../parallel/gradient_workers.js';
import type { LRSchedule } from '../schedules/schedule.js';
import type { DataSource, ForwardFn, TrainableModule } from '../types.js';
import type { NonFinitePolicy } from './nan_policy.js';

/** Options of `new Trainer(options)`; `model`, `forward` and `optimizer` are required. */
export interface TrainerOptions<M extends TrainableModule, B> {
  /** The module whose `namedParameters()` are trained and checkpointed. */
  model: M;
  /**
   * Logits [batch, classes] (or [batch] for one binary output) of a batch. The trainer reseeds
   * every Dropout of the model (`namedModules()`) from `ctx.seed` before each training forward.
   */
  forward: ForwardFn<M, B>;
  /** Updates the parameters from their gradients (`SGD`, `Adam`, `AdamW`). */
  optimizer: Optimizer;
  /** Default: softmax cross-entropy. */
  loss?: Loss;
  /** Labels of a batch (default: `batch.labels`). */
  labels?: (batch: B) => Labels;
  /** Sets `optimizer.lr` before every update (default: the optimizer's lr, unchanged). */
  schedule?: LRSchedule;
  /** Global-norm gradient clipping threshold, as PyTorch's `clip_grad_norm_(max_norm)` / HF `max_grad_norm` (default: none). */
  maxGradNorm?: number;
  /** Micro-batches per update (default 1): their gradients add up to one big batch's. */
  accumulationSteps?: number;
  /** Fresh metric instances, called once for training and once per evaluation (default: accuracy). */
  metrics?: () => Metric[];
  /** Hooks called during `fit`, in order (e.g. `EarlyStopping`, `ModelCheckpoint`, `ProgressPrinter`). */
  callbacks?: Callback[];
  /** The one seed of the run: shuffling (epoch seeds) and dropout seeds. Default 0. */
  seed?: number;
  /** Checkpointing (default: none); also where `fit({ resume })` and `resume()` read from. */
  checkpoint?: CheckpointOptions;
  /** What to do when the loss, the gradient norm or the updated parameters are NaN / Inf: throw (default) or stop quietly. */
  onNonFinite?: NonFinitePolicy;
  /** Check after every update that the parameters are finite (default true; one scalar read back per update). */
  checkFiniteParameters?: boolean;
  /** Updates per epoch, when known in advance (for ETA in the first epoch). */
  stepsPerEpoch?: number;
  /**
   * Data-parallel training: other replicas compute the gradients of parts of every batch
   * (`DataParallel` from `@tfnlp/train/node`, worker threads in Node).
   */
  parallel?: GradientWorkers<B>;
}

/** Options of `Trainer.fit`. */
export interface FitOptions<B> {
  /** Total epochs of the run; a resumed or repeated fit continues up to this number. */
  epochs: number;
  /** Evaluated at the end of each epoch; its logs get a `val_` prefix. */
  validation?: DataSource<B>;
  /** true: the latest checkpoint in the checkpoint storage; a string: that checkpoint's file name there. */
  resume?: boolean | string;
  /** Stop after this many updates in total. */
  maxSteps?: number;
}

/** What `Trainer.fit` resolves to. */
export interface FitResult {
  /** One entry per completed epoch: training loss/metrics and `val_` ones. */
  history: Array<Record<string, number>>;
  /** Optimizer updates done in total. */
  step: number;
  /** Epochs completed in total. */
  epoch: number;
  /** Why the fit ended. */
  stopReason: StopEvent['reason'];
  /** A one-line, human-readable account of the end. */
  message: string;
  /** Path of the last checkpoint written (or resumed from), if any. */
  lastCheckpoint: string | undefined;
}

/** Throws a one-line error for an option value the trainer cannot use. */
export function checkTrainerOptions<M extends TrainableModule, B>(
  options: TrainerOptions<M, B>,
  lossName: string,
): void {
  // Removed names: a JavaScript caller would otherwise lose clipping or logging silently.
  const removed = new Map([
    ['clipNorm', 'was renamed maxGradNorm'],
    ['logFile', 'was removed: pass callbacks: [new JsonlLogger(path)] from @tfnlp/train/node'],
  ]);
  for (const [key, what] of removed) {
    if (Object.hasOwn(options, key)) throw new Error(`Trainer: the option ${key} ${what}.`);
  }
  const { maxGradNorm, accumulationSteps = 1 } = options;
  if (maxGradNorm !== undefined && !(maxGradNorm > 0)) {
    throw new Error(`Trainer: maxGradNorm must be > 0, got ${maxGradNorm}.`);
  }
  if (!(Number.isInteger(accumulationSteps) && accumulationSteps >= 1)) {
    throw new Error(
      `Trainer: accumulationSteps must be an integer >= 1, got ${accumulationSteps}.`,
    );
  }
  if (options.checkpoint !== undefined && options.checkpoint.storage === undefined) {
    throw new Error(
      'Trainer: checkpoint needs a `storage` (checkpoint.dir was removed): ' +
        'fileStorage(dir) from @tfnlp/train/node, or memoryStorage().',
    );
  }
  const remoteLoss = options.parallel?.lossName;
  if (remoteLoss !== undefined && remoteLoss !== lossName) {
    throw new Error(
      `Trainer: the parallel replicas compute loss '${remoteLoss}', this trainer '${lossName}'; ` +
        'return the same loss from the replica factory.',
    );
  }
}
