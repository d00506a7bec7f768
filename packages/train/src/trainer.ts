// Fit orchestration: epochs, micro-batches, updates, validation, checkpoints and events. The
// pieces live beside it: trainers/accumulation (gradients), trainers/parallel_step (shards),
// trainers/update (optimizer step + NaN guard), trainers/inference (evaluate / predict),
// checkpoint/manager (files, rotation, latest, resume), events (one dispatch).
import type * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@tfnlp/core';
import type { Callback } from './callbacks/callback.js';
import { CheckpointManager } from './checkpoint/manager.js';
import type { TensorData } from './checkpoint/tensor_data.js';
import {
  applyTrainerState,
  encodeTrainerState,
  readTrainerState,
  type TrainerParts,
} from './checkpoint/trainer_state.js';
import { NonFiniteError } from './errors.js';
import { EventBus, type StopEvent } from './events.js';
import type { TrainerHandle } from './handle.js';
import type { Labels, Loss } from './losses/loss.js';
import { SoftmaxCrossEntropy } from './losses/softmax_cross_entropy.js';
import { Accuracy } from './metrics/accuracy.js';
import { MeanLoss } from './metrics/mean.js';
import type { Metric } from './metrics/metric.js';
import type { Optimizer } from './optimizers/optimizer.js';
import type { GradientWorkers } from './parallel/gradient_workers.js';
import type { LRSchedule } from './schedules/schedule.js';
import {
  disposePending,
  emptyPending,
  type GradientContext,
  localGradients,
  type PendingUpdate,
} from './trainers/accumulation.js';
import { finishEpochLogs } from './trainers/epoch_logs.js';
import * as inference from './trainers/inference.js';
import { nonFiniteMessage } from './trainers/nan_policy.js';
import {
  checkTrainerOptions,
  type FitOptions,
  type FitResult,
  type TrainerOptions,
} from './trainers/options.js';
import { parallelGradients } from './trainers/parallel_step.js';
import * as params from './trainers/parameters.js';
import * as run from './trainers/run_state.js';
import { applyUpdate, stepEvent, type UpdateContext } from './trainers/update.js';
import type { DataSource, TrainableModule } from './types.js';

/**
 * Trains any module with named tf.Variable parameters on async iterables of batches.
 *
 * @example
 * const trainer = new Trainer({ model, forward, optimizer: new AdamW({ lr: 1e-3 }) });
 * trainer.on('step', (e) => console.log(e.step, e.loss.toFixed(3)));
 * const { history } = await trainer.fit(trainBatches, { epochs: 3, validation: devBatches });
 */
export class Trainer<M extends TrainableModule = TrainableModule, B = unknown>
  implements TrainerHandle
{
  readonly model: M;
  readonly optimizer: Optimizer;
  readonly loss: Loss;
  readonly rng: Rng;
  readonly seed: number;
  readonly schedule: LRSchedule | undefined;
  readonly callbacks: Callback[];
  private readonly options: TrainerOptions<M, B>;
  private readonly labelsOf: (batch: B) => Labels;
  private readonly metricFactory: () => Metric[];
  private readonly checkpoints: CheckpointManager | undefined;
  private readonly parallel: GradientWorkers<B> | undefined;
  /** The other replicas' copies of the parameters are stale (initially, after updates and restores). */
  private replicasStale = true;
  private readonly events: EventBus;
  private progress: run.Progress;
  private trainLoss = new MeanLoss();
  private trainMetrics: Metric[];
  private stopRequest: run.StopRequest | undefined;
  private lastCheckpoint: string | undefined;

  constructor(options: TrainerOptions<M, B>) {
    this.options = options;
    this.model = options.model;
    this.optimizer = options.optimizer;
    this.loss = options.loss ?? new SoftmaxCrossEntropy();
    this.labelsOf = options.labels ?? run.defaultLabels;
    this.schedule = options.schedule;
    this.metricFactory = options.metrics ?? (() => [new Accuracy()]);
    this.trainMetrics = this.metricFactory();
    checkTrainerOptions(options, this.loss.name);
    this.seed = options.seed ?? 0;
    this.rng = new Rng(this.seed);
    this.checkpoints = options.checkpoint ? new CheckpointManager(options.checkpoint) : undefined;
    this.parallel = options.parallel;
    this.callbacks = [...(options.callbacks ?? [])];
    this.events = new EventBus(() => this.callbacks, this);
    this.progress = run.freshProgress(options.stepsPerEpoch ?? null);
  }

  /** Subscribes to progress events; returns the unsubscribe function. Callbacks share this dispatch. */
  on: EventBus['on'] = (type, listener) => this.events.on(type, listener);

  /** Optimizer updates done so far. */
  get step(): number {
    return this.progress.step;
  }

  /** Epochs completed so far. */
  get epoch(): number {
    return this.progress.epoch;
  }

  /** Asks the fit to stop after the current update (used by early stopping). */
  stop(message = 'stop requested', reason: StopEvent['reason'] = 'requested'): void {
    this.stopRequest ??= { reason, message };
  }

  /** The pending stop request (a method, so control-flow narrowing does not cache it). */
  private currentStop = (): run.StopRequest | undefined => this.stopRequest;

  /** The model's parameters by name (all of them; trainable or not). */
  parameters(): Array<readonly [string, tf.Variable]> {
    return params.namedParameters(this.model);
  }

  /** A copy of every parameter's values, by name (early stopping keeps the best this way). */
  snapshot(): Map<string, TensorData> {
    return params.snapshotParameters(this.parameters());
  }

  /** Assigns parameter values by name (from `snapshot()` or a checkpoint). */
  restore(values: params.SavedValues): void {
    params.restoreParameters(this.parameters(), values);
    this.replicasStale = true;
  }

  /**
   * Trains for `options.epochs` epochs (in total, counting earlier or resumed ones), evaluating
   * `validation` after each epoch, checkpointing as configured, until done, stopped or
   * `maxSteps`. Rejects with `NonFiniteError` on a NaN/Inf loss, gradient norm or updated
   * parameter unless `onNonFinite: 'stop'`. The checkpoint storage is opened (writability
   * checked, writer lock taken) before anything else.
   */
  async fit(train: DataSource<B>, options: FitOptions<B>): Promise<FitResult> {
    const { epochs } = options;
    if (!(Number.isInteger(epochs) && epochs >= 1)) {
      throw new Error(`Trainer.fit: epochs must be an integer >= 1, got ${epochs}.`);
    }
    this.stopRequest = undefined;
    if (options.resume && this.checkpoints === undefined) {
      throw new Error('Trainer: resume needs `checkpoint: { storage }` in the Trainer options.');
    }
    await this.checkpoints?.open();
    try {
      if (options.resume) await this.resume(options.resume === true ? undefined : options.resume);
      return await this.runEpochs(train, options);
    } finally {
      await this.checkpoints?.close();
    }
  }

  private async runEpochs(train: DataSource<B>, options: FitOptions<B>): Promise<FitResult> {
    const { epochs, maxSteps } = options;
    const trained = this.parameters().filter(([, v]) => v.trainable);
    if (trained.length === 0)
      throw new Error('Trainer.fit: the model has no trainable parameters.');
    const grads: GradientContext<M, B> = {
      model: this.model,
      forward: this.options.forward,
      loss: this.loss,
      labelsOf: this.labelsOf,
      variables: trained.map(([, v]) => v),
      nameOfVariable: new Map(trained.map(([name, v]) => [v.name, name])),
      keepLogits: this.trainMetrics.length > 0,
    };
    const started = run.now();
    let stepsThisRun = 0;
    const p = this.progress;
    await this.events.emit({ type: 'train-begin', step: p.step, epoch: p.epoch, epochs });
    let pending: PendingUpdate = emptyPending();
    try {
      epochLoop: while (p.epoch < epochs) {
        if (maxSteps !== undefined && p.step >= maxSteps) {
          this.stop(`reached maxSteps (${maxSteps})`, 'max-steps');
          break;
        }
        if (p.batchInEpoch === 0) {
          run.startEpoch(p, this.rng.seed());
          for (const m of [this.trainLoss, ...this.trainMetrics]) m.reset();
        }
        const samplesTimer = run.now();
        let samplesSinceTimer = 0;
        await this.events.emit({ type: 'epoch-begin', epoch: p.epoch, epochs, step: p.step });
        this.model.train?.();
        const skip = p.batchInEpoch;
        let index = 0;
        pending = emptyPending();
        const source = run.resolveSource(train, { epoch: p.epoch, seed: p.epochSeed! });
        // Applies the pending update; false when it was non-finite (the fit then ends).
        const update = async (): Promise<boolean> => {
          const outcome = await applyUpdate(pending, trained, this.updateContext());
          const samples = outcome.applied ? outcome.samples : 0;
          disposePending(pending);
          if (!outcome.applied) {
            const message = nonFiniteMessage(outcome.what, p, this.lastCheckpoint);
            this.stopRequest = { reason: 'non-finite', message };
            return false;
          }
          this.replicasStale = true;
          run.countUpdate(p, samples, index);
          stepsThisRun += 1;
          samplesSinceTimer += samples;
          const elapsed = (run.now() - started) / 1000;
          const event = stepEvent(this.updateContext(), outcome, epochs, elapsed, stepsThisRun);
          const sinceTimer = (run.now() - samplesTimer) / 1000;
          event.samplesPerSecond = sinceTimer > 0 ? samplesSinceTimer / sinceTimer : 0;
          await this.events.emit(event);
          const every = this.options.checkpoint?.everySteps;
          if (every !== undefined && p.step % every === 0) await this.checkpoint();
          if (maxSteps !== undefined && p.step >= maxSteps) {
            this.stop(`reached maxSteps (${maxSteps})`, 'max-steps');
          }
          return true;
        };
        for await (const batch of source) {
          index += 1;
          if (index <= skip) continue;
          await this.microStep(grads, batch, pending);
          if (pending.count < (this.options.accumulationSteps ?? 1)) continue;
          if (!(await update())) break epochLoop;
          if (this.currentStop()) break;
        }
        run.checkEpochData(index, skip, p.epoch);
        // A last, smaller accumulation at the end of the epoch.
        if (pending.count > 0 && !this.currentStop() && !(await update())) break;
        disposePending(pending);
        const stopNow = this.currentStop();
        if (stopNow && stopNow.reason !== 'early-stopping') break;
        await this.endEpoch(options, epochs, started);
        if (this.currentStop()) break;
      }
    } finally {
      disposePending(pending); // also when forward, a callback or the data throws
    }

    const stop: run.StopRequest = this.currentStop() ?? {
      reason: 'completed',
      message: 'training completed',
    };
    await this.events.emit({
      type: 'stop',
      reason: stop.reason,
      message: stop.message,
      step: p.step,
    });
    if (stop.reason === 'non-finite' && (this.options.onNonFinite ?? 'throw') === 'throw') {
      throw new NonFiniteError(stop.message, p.step, p.epoch, this.lastCheckpoint);
    }
    return {
      history: p.history.map((h) => ({ ...h })),
      step: p.step,
      epoch: p.epoch,
      stopReason: stop.reason,
      message: stop.message,
      lastCheckpoint: this.lastCheckpoint,
    };
  }

  /** Validation, schedule on plateau, history, the epoch event and the epoch checkpoint. */
  private async endEpoch(options: FitOptions<B>, epochs: number, started: number): Promise<void> {
    const p = this.progress;
    p.stepsPerEpoch ??= p.stepInEpoch;
    const train = { ...this.trainLoss.result(), ...run.mergeResults(this.trainMetrics) };
    const val = options.validation ? await this.evaluate(options.validation) : undefined;
    const logs = finishEpochLogs(train, val, this.schedule);
    p.history.push(logs);
    const elapsedSeconds = (run.now() - started) / 1000;
    await this.events.emit({
      type: 'epoch',
      epoch: p.epoch,
      epochs,
      step: p.step,
      logs,
      elapsedSeconds,
    });
    p.epoch += 1;
    p.batchInEpoch = 0;
    p.epochSeed = null;
    if (this.checkpoints && (this.options.checkpoint?.everyEpoch ?? true)) await this.checkpoint();
  }

  /** Gradients of one micro-batch, here or split over the data-parallel replicas. */
  private async microStep(g: GradientContext<M, B>, batch: B, pending: PendingUpdate) {
    const run = { rng: this.rng, step: this.progress.step, epoch: this.progress.epoch };
    if (this.parallel) {
      if (this.replicasStale) {
        this.parallel.syncParameters(this.parameters());
        this.replicasStale = false;
      }
      await parallelGradients(g, this.parallel, batch, run, pending);
      return;
    }
    localGradients(g, batch, { training: true, seed: this.rng.seed(), ...run }, pending);
    pending.count += 1;
  }

  /** What a checkpoint saves and restores. */
  private parts(): TrainerParts {
    return {
      seed: this.seed,
      parameters: () => this.parameters(),
      restore: (values) => this.restore(values),
      rng: this.rng,
      optimizer: this.optimizer,
      schedule: this.schedule,
      trainLoss: this.trainLoss,
      trainMetrics: this.trainMetrics,
      callbacks: this.callbacks,
    };
  }

  private updateContext(): UpdateContext {
    return {
      optimizer: this.optimizer,
      schedule: this.schedule,
      maxGradNorm: this.options.maxGradNorm,
      checkFinite: this.options.checkFiniteParameters ?? true,
      trainLoss: this.trainLoss,
      trainMetrics: this.trainMetrics,
      progress: this.progress,
    };
  }

  private inferenceContext(): inference.InferenceContext<M, B> {
    const { model, loss, labelsOf, rng, progress: p, options } = this;
    return { model, forward: options.forward, loss, labelsOf, rng, step: p.step, epoch: p.epoch };
  }

  /**
   * Mean loss and metrics over the data (model in eval mode, no dropout). Pass metric instances
   * to read more than the numbers afterwards (e.g. a ConfusionMatrix's `reportTable()`).
   */
  evaluate(data: DataSource<B>, options: { metrics?: Metric[] } = {}) {
    return inference.evaluate(
      this.inferenceContext(),
      data,
      options.metrics ?? this.metricFactory(),
    );
  }

  /** Logits and predicted classes for every row of the data, in order. */
  predict(data: DataSource<B>): Promise<inference.PredictResult> {
    return inference.predict(this.inferenceContext(), data);
  }

  /** Serialises model, optimizer, Rng, schedule, callbacks, metrics and data position. */
  encodeCheckpoint(): Uint8Array {
    return encodeTrainerState(this.parts(), this.progress);
  }

  /** Restores everything `encodeCheckpoint` saved; the next fit continues where it left off. */
  decodeCheckpoint(bytes: Uint8Array): void {
    this.progress = applyTrainerState(this.parts(), readTrainerState(bytes));
  }

  /**
   * Writes a checkpoint now (atomically, then `latest.json`, then rotation) and returns its path.
   * Outside a fit it takes the storage's writer lock for the write.
   */
  async checkpoint(): Promise<string> {
    const manager = this.requireCheckpoints();
    const opened = !manager.isOpen;
    if (opened) await manager.open();
    try {
      const p = this.progress;
      const name = await manager.save(p, () => this.encodeCheckpoint());
      this.lastCheckpoint = manager.storage.resolve(name);
      const path = this.lastCheckpoint;
      await this.events.emit({ type: 'checkpoint', name, path, step: p.step, epoch: p.epoch });
      return path;
    } finally {
      if (opened) await manager.close();
    }
  }

  /**
   * Loads a checkpoint by file name (default: the latest) from the checkpoint storage. Refuses a
   * checkpoint with non-finite weights, naming the last finite one.
   */
  async resume(name?: string): Promise<void> {
    const loaded = await this.requireCheckpoints().load(name);
    this.progress = applyTrainerState(this.parts(), loaded.state);
    this.lastCheckpoint = loaded.path;
  }

  private requireCheckpoints(): CheckpointManager {
    if (this.checkpoints) return this.checkpoints;
    throw new Error('Trainer: checkpoints need `checkpoint: { storage }` in the options.');
  }
}
