import * as tf from '@tensorflow/tfjs-core';
import type { Callback } from './callbacks/callback.js';
import { JsonlLogger } from './callbacks/jsonl_logger.js';
import { decodeSafetensors, encodeSafetensors, type TensorData } from './checkpoint/safetensors.js';
import { decodeState, encodeState } from './checkpoint/state_codec.js';
import { type CheckpointStorage, fileStorage } from './checkpoint/storage.js';
import { clipByGlobalNorm, globalNorm } from './clip.js';
import { NonFiniteError } from './errors.js';
import {
  type CheckpointEvent,
  Emitter,
  type EpochEvent,
  type StepEvent,
  type StopEvent,
} from './events.js';
import type { TrainerHandle } from './handle.js';
import type { Labels, Loss } from './losses/loss.js';
import { SoftmaxCrossEntropy } from './losses/softmax_cross_entropy.js';
import { Accuracy } from './metrics/accuracy.js';
import { MeanLoss } from './metrics/mean.js';
import type { Metric, Outputs } from './metrics/metric.js';
import { predictedClass } from './metrics/metric.js';
import type { Optimizer, OptimizerState } from './optimizers/optimizer.js';
import type { GradientWorkers } from './parallel/gradient_workers.js';
import { Rng, type RngState } from './rng.js';
import type { LRSchedule } from './schedules/schedule.js';
import type { DataSource, ForwardFn, StepContext, TrainableModule } from './types.js';

/** Where and how often `Trainer` writes checkpoints; give `dir` or `storage`. */
export interface CheckpointOptions {
  /** Folder for checkpoint files (Node). */
  dir?: string;
  /** Or any storage (e.g. IndexedDB in a page); `dir` is a shortcut for `fileStorage(dir)`. */
  storage?: CheckpointStorage;
  /** Write a checkpoint every N optimizer updates (default: never mid-epoch). */
  everySteps?: number;
  /** Write one at the end of every epoch (default true). */
  everyEpoch?: boolean;
  /** How many of the latest checkpoints to keep (default 3; 0 keeps all). */
  keep?: number;
}

/** Options of `new Trainer(options)`; `model`, `forward` and `optimizer` are required. */
export interface TrainerOptions<M extends TrainableModule, B> {
  /** The module whose `namedParameters()` are trained and checkpointed. */
  model: M;
  /** Logits [batch, classes] (or [batch] for one binary output) of a batch. */
  forward: ForwardFn<M, B>;
  /** Updates the parameters from their gradients (`SGD`, `Adam`, `AdamW`). */
  optimizer: Optimizer;
  /** Default: softmax cross-entropy. */
  loss?: Loss;
  /** Labels of a batch (default: `batch.labels`). */
  labels?: (batch: B) => Labels;
  /** Sets `optimizer.lr` before every update (default: the optimizer's lr, unchanged). */
  schedule?: LRSchedule;
  /** Global-norm gradient clipping threshold (default: none). */
  clipNorm?: number;
  /** Micro-batches per update (default 1): their gradients add up to one big batch's. */
  accumulationSteps?: number;
  /** Fresh metric instances, called once for training and once per evaluation (default: accuracy). */
  metrics?: () => Metric[];
  /** Hooks called during `fit`, in order (e.g. `EarlyStopping`, `ProgressPrinter`). */
  callbacks?: Callback[];
  /** The one seed of the run: shuffling (epoch seeds) and dropout seeds. Default 0. */
  seed?: number;
  /** Checkpointing (default: none); also where `fit({ resume })` and `resume()` read from. */
  checkpoint?: CheckpointOptions;
  /** Append step, epoch and stop records as JSON lines to this file (Node). */
  logFile?: string;
  /** What to do when the loss or gradient norm is NaN / Inf: throw (default) or stop quietly. */
  onNonFinite?: 'throw' | 'stop';
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
  /** true: the latest checkpoint in the checkpoint storage; a string: that checkpoint's name or path. */
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
  /** Name of the last checkpoint written, if any. */
  lastCheckpoint: string | undefined;
}

/** What `Trainer.predict` resolves to: the outputs of every row of every batch, in order. */
export interface PredictResult {
  /** Row-major [rows, classes]. */
  logits: Float32Array;
  /** Rows (examples) predicted. */
  rows: number;
  /** Logits per row. */
  classes: number;
  /** Argmax per row (logit > 0 for one binary output). */
  predictions: Int32Array;
}

/** Where the run is: everything (with the Rng, optimizer and metrics) that a checkpoint saves. */
interface Progress {
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
  checkpoints: string[];
}

const FORMAT = 'tfnlp-train-checkpoint';
const LATEST = 'latest.json';

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
  private readonly forward: ForwardFn<M, B>;
  private readonly labelsOf: (batch: B) => Labels;
  private readonly metricFactory: () => Metric[];
  private readonly clipNorm: number | undefined;
  private readonly accumulationSteps: number;
  private readonly storage: CheckpointStorage | undefined;
  private readonly checkpointOptions: CheckpointOptions;
  private readonly onNonFinite: 'throw' | 'stop';
  private readonly parallel: GradientWorkers<B> | undefined;
  /** The other replicas' copies of the parameters are stale (initially, after updates and restores). */
  private replicasStale = true;
  private readonly emitter = new Emitter();
  private progress: Progress;
  private trainLoss = new MeanLoss();
  private trainMetrics: Metric[];
  private stopRequest: StopRequest | undefined;
  private lastCheckpoint: string | undefined;

  constructor(options: TrainerOptions<M, B>) {
    this.model = options.model;
    this.forward = options.forward;
    this.optimizer = options.optimizer;
    this.loss = options.loss ?? new SoftmaxCrossEntropy();
    this.labelsOf =
      options.labels ??
      ((batch: B) => {
        const labels = (batch as { labels?: Labels }).labels;
        if (labels === undefined) {
          throw new Error(
            'Trainer: the batch has no `labels`; pass `labels: (batch) => ...` to the Trainer.',
          );
        }
        return labels;
      });
    this.schedule = options.schedule;
    this.metricFactory = options.metrics ?? (() => [new Accuracy()]);
    this.trainMetrics = this.metricFactory();
    this.clipNorm = options.clipNorm;
    if (this.clipNorm !== undefined && !(this.clipNorm > 0)) {
      throw new Error(`Trainer: clipNorm must be > 0, got ${this.clipNorm}.`);
    }
    this.accumulationSteps = options.accumulationSteps ?? 1;
    if (!(Number.isInteger(this.accumulationSteps) && this.accumulationSteps >= 1)) {
      throw new Error(
        `Trainer: accumulationSteps must be an integer >= 1, got ${options.accumulationSteps}.`,
      );
    }
    this.seed = options.seed ?? 0;
    this.rng = new Rng(this.seed);
    this.checkpointOptions = options.checkpoint ?? {};
    this.storage =
      this.checkpointOptions.storage ??
      (this.checkpointOptions.dir !== undefined
        ? fileStorage(this.checkpointOptions.dir)
        : undefined);
    this.onNonFinite = options.onNonFinite ?? 'throw';
    this.parallel = options.parallel;
    const remoteLoss = this.parallel?.lossName;
    if (remoteLoss !== undefined && remoteLoss !== this.loss.name) {
      throw new Error(
        `Trainer: the parallel replicas compute loss '${remoteLoss}', this trainer '${this.loss.name}'; ` +
          'return the same loss from the replica factory.',
      );
    }
    this.callbacks = [...(options.callbacks ?? [])];
    if (options.logFile !== undefined) this.callbacks.push(new JsonlLogger(options.logFile));
    this.progress = this.freshProgress(options.stepsPerEpoch ?? null);
  }

  private freshProgress(stepsPerEpoch: number | null): Progress {
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

  /** Subscribes to progress events; returns the unsubscribe function. */
  on: Emitter['on'] = (type, listener) => this.emitter.on(type, listener);

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
  private currentStop(): StopRequest | undefined {
    return this.stopRequest;
  }

  /** The model's parameters by name (all of them; trainable or not). */
  parameters(): Array<readonly [string, tf.Variable]> {
    const params = [...this.model.namedParameters()];
    const seen = new Set<string>();
    for (const [name] of params) {
      if (seen.has(name)) {
        throw new Error(`Trainer: two parameters are named '${name}'; names must be unique.`);
      }
      seen.add(name);
    }
    return params;
  }

  /** A copy of every parameter's values, by name (early stopping keeps the best this way). */
  snapshot(): Map<string, TensorData> {
    const out = new Map<string, TensorData>();
    for (const [name, v] of this.parameters()) out.set(name, tensorData(v));
    return out;
  }

  /** Assigns parameter values by name (from `snapshot()` or a checkpoint). */
  restore(values: ReadonlyMap<string, { shape: number[]; values: Float32Array | Int32Array }>) {
    for (const [name, v] of this.parameters()) {
      const saved = values.get(name);
      if (saved === undefined) {
        throw new Error(
          `Trainer: no saved value for parameter '${name}'; was it saved from another model?`,
        );
      }
      if (!sameShape(saved.shape, v.shape)) {
        throw new Error(
          `Trainer: saved '${name}' has shape [${saved.shape}], the model's is [${v.shape}].`,
        );
      }
      tf.tidy(() => v.assign(tf.tensor(saved.values, saved.shape, v.dtype)));
    }
    this.replicasStale = true;
  }

  // ------------------------------------------------------------------ fit

  /**
   * Trains for `options.epochs` epochs (in total, counting earlier or resumed ones), evaluating
   * `validation` after each epoch, checkpointing as configured, until done, stopped or
   * `maxSteps`. Rejects with `NonFiniteError` on a NaN/Inf loss unless `onNonFinite: 'stop'`.
   */
  async fit(train: DataSource<B>, options: FitOptions<B>): Promise<FitResult> {
    const { epochs, maxSteps } = options;
    if (!(Number.isInteger(epochs) && epochs >= 1)) {
      throw new Error(`Trainer.fit: epochs must be an integer >= 1, got ${epochs}.`);
    }
    this.stopRequest = undefined;
    if (options.resume) {
      await this.resume(options.resume === true ? undefined : options.resume);
    }
    const params = this.parameters().filter(([, v]) => v.trainable);
    if (params.length === 0) throw new Error('Trainer.fit: the model has no trainable parameters.');
    const nameOfVariable = new Map(params.map(([name, v]) => [v.name, name]));
    const variables = params.map(([, v]) => v);

    const started = now();
    let stepsThisRun = 0;
    let samplesTimer = now();
    const emitStop = async (reason: StopEvent['reason'], message: string) => {
      const event: StopEvent = { type: 'stop', reason, message, step: this.progress.step };
      this.emitter.emit(event);
      for (const cb of this.callbacks) await cb.onTrainEnd?.(event, this);
      return event;
    };
    for (const cb of this.callbacks) await cb.onTrainBegin?.(this);

    const p = this.progress;
    let pending: PendingUpdate = emptyPending();
    try {
      epochLoop: while (p.epoch < epochs) {
        if (maxSteps !== undefined && p.step >= maxSteps) {
          this.stop(`reached maxSteps (${maxSteps})`, 'max-steps');
          break;
        }
        const resumingMidEpoch = p.batchInEpoch > 0;
        if (!resumingMidEpoch) {
          p.epochSeed = this.rng.seed();
          p.stepInEpoch = 0;
          p.samplesInEpoch = 0;
          this.trainLoss.reset();
          for (const m of this.trainMetrics) m.reset();
        }
        samplesTimer = now();
        let samplesSinceTimer = 0;
        for (const cb of this.callbacks) await cb.onEpochBegin?.(p.epoch, this);
        this.model.train?.();
        const skip = p.batchInEpoch;
        let index = 0;
        pending = emptyPending();
        const source = resolveSource(train, { epoch: p.epoch, seed: p.epochSeed! });
        const afterUpdate = async (event: { step: StepEvent; samplesAdded: number }) => {
          stepsThisRun += 1;
          p.batchInEpoch = index;
          samplesSinceTimer += event.samplesAdded;
          const elapsed = (now() - samplesTimer) / 1000;
          event.step.samplesPerSecond = elapsed > 0 ? samplesSinceTimer / elapsed : 0;
          this.emitter.emit(event.step);
          for (const cb of this.callbacks) await cb.onStepEnd?.(event.step, this);
          const every = this.checkpointOptions.everySteps;
          if (this.storage && every !== undefined && p.step % every === 0) await this.checkpoint();
          if (maxSteps !== undefined && p.step >= maxSteps) {
            this.stop(`reached maxSteps (${maxSteps})`, 'max-steps');
          }
        };
        for await (const batch of source) {
          index += 1;
          if (index <= skip) continue;
          if (this.parallel)
            await this.parallelMicroStep(batch, pending, variables, nameOfVariable);
          else this.microStep(batch, pending, variables, nameOfVariable);
          if (pending.count < this.accumulationSteps) continue;
          const event = await this.update(pending, params, epochs, started, stepsThisRun + 1);
          pending = emptyPending();
          if (event === undefined) break epochLoop; // non-finite: see update()
          await afterUpdate(event);
          if (this.currentStop()) break;
        }
        if (index === 0) {
          throw new Error(
            `Trainer.fit: epoch ${p.epoch + 1} had no batches. An async generator can be iterated ` +
              'only once: pass a function ({ epoch, seed }) => batches, or an array.',
          );
        }
        if (index < skip) {
          throw new Error(
            `Trainer.fit: the checkpoint had consumed ${skip} batches of epoch ${p.epoch + 1}, ` +
              `the data gives only ${index}; resume with the same data and batch size.`,
          );
        }
        if (pending.count > 0 && !this.currentStop()) {
          // A last, smaller accumulation at the end of the epoch.
          const event = await this.update(pending, params, epochs, started, stepsThisRun + 1);
          pending = emptyPending();
          if (event === undefined) break;
          await afterUpdate(event);
        }
        disposePending(pending);
        const stopNow = this.currentStop();
        if (stopNow && stopNow.reason !== 'early-stopping') break;
        // End of the epoch.
        p.stepsPerEpoch ??= p.stepInEpoch;
        const logs: Record<string, number> = {
          ...this.trainLoss.result(),
          ...mergeResults(this.trainMetrics),
        };
        if (options.validation !== undefined) {
          const val = await this.evaluate(options.validation);
          for (const [k, v] of Object.entries(val)) logs[`val_${k}`] = v;
        }
        if (this.schedule?.onMetric) {
          const monitor = this.schedule.monitor ?? 'val_loss';
          const value = logs[monitor];
          if (value === undefined) {
            throw new Error(
              `Trainer: the schedule monitors '${monitor}', which is not in the epoch logs ` +
                `(${Object.keys(logs).join(', ')}); pass validation data or change monitor.`,
            );
          }
          this.schedule.onMetric(value);
        }
        p.history.push(logs);
        const epochEvent: EpochEvent = {
          type: 'epoch',
          epoch: p.epoch,
          epochs,
          step: p.step,
          logs,
          elapsedSeconds: (now() - started) / 1000,
        };
        this.emitter.emit(epochEvent);
        for (const cb of this.callbacks) await cb.onEpochEnd?.(epochEvent, this);
        p.epoch += 1;
        p.batchInEpoch = 0;
        p.epochSeed = null;
        if (this.storage && (this.checkpointOptions.everyEpoch ?? true)) await this.checkpoint();
        if (this.currentStop()) break;
      }
    } finally {
      disposePending(pending); // also when forward, a callback or the data throws
    }

    const stop: StopRequest = this.currentStop() ?? {
      reason: 'completed',
      message: 'training completed',
    };
    await emitStop(stop.reason, stop.message);
    if (stop.reason === 'non-finite' && this.onNonFinite === 'throw') {
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

  /** Forward + backward of one micro-batch; adds the gradients of the loss *sum* to `pending`. */
  private microStep(
    batch: B,
    pending: PendingUpdate,
    variables: tf.Variable[],
    nameOfVariable: Map<string, string>,
  ): void {
    this.localGradients(batch, this.rng.seed(), pending, variables, nameOfVariable);
    pending.count += 1;
  }

  /**
   * `microStep` split over the replicas: the others start on their parts of the batch, this
   * thread computes part 0, then their gradients are added in. One micro-batch, one count.
   */
  private async parallelMicroStep(
    batch: B,
    pending: PendingUpdate,
    variables: tf.Variable[],
    nameOfVariable: Map<string, string>,
  ): Promise<void> {
    const parallel = this.parallel!;
    if (this.replicasStale) {
      parallel.syncParameters(this.parameters());
      this.replicasStale = false;
    }
    const n = parallel.replicas;
    const shards = Array.from({ length: n }, (_, i) => parallel.shard(batch, i, n));
    const seeds = shards.map(() => this.rng.seed());
    const remote = parallel.compute(shards.slice(1), {
      seeds: seeds.slice(1),
      step: this.progress.step,
      epoch: this.progress.epoch,
    });
    if (shards[0] !== undefined) {
      this.localGradients(shards[0], seeds[0]!, pending, variables, nameOfVariable);
    }
    const results = await remote;
    const byName = new Map(variables.map((v) => [nameOfVariable.get(v.name)!, v]));
    const remoteShards = shards.slice(1).filter((s) => s !== undefined);
    results.forEach((r, i) => {
      for (const [name, values] of r.grads) {
        addGradient(pending, name, tf.tensor(values, byName.get(name)!.shape, 'float32'));
      }
      pending.sums.push(tf.scalar(r.lossSum));
      pending.logits.push(tf.tensor(r.logits, r.logitsShape, 'float32'));
      pending.labels.push(this.labelsOf(remoteShards[i]!));
      pending.weight += r.weight;
    });
    pending.count += 1;
  }

  /** Adds one batch's gradients, loss sum, logits and labels to `pending`. */
  private localGradients(
    batch: B,
    seed: number,
    pending: PendingUpdate,
    variables: tf.Variable[],
    nameOfVariable: Map<string, string>,
  ): void {
    const labels = this.labelsOf(batch);
    const ctx: StepContext = {
      training: true,
      seed,
      rng: this.rng,
      step: this.progress.step,
      epoch: this.progress.epoch,
    };
    let weight = 0;
    let logits: tf.Tensor | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const out = this.forward(this.model, batch, ctx);
      const loss = this.loss.compute(out, labels);
      weight = loss.weight;
      logits = tf.keep(out);
      return loss.sum;
    }, variables);
    for (const [variableName, grad] of Object.entries(grads)) {
      addGradient(pending, nameOfVariable.get(variableName)!, grad);
    }
    pending.sums.push(value);
    pending.logits.push(logits!);
    pending.labels.push(labels);
    pending.weight += weight;
  }

  /** Applies one update from the accumulated gradients; undefined when it was non-finite. */
  private async update(
    pending: PendingUpdate,
    params: Array<readonly [string, tf.Variable]>,
    epochs: number,
    started: number,
    stepsThisRun: number,
  ): Promise<{ step: StepEvent; samplesAdded: number } | undefined> {
    const p = this.progress;
    let lossSum = 0;
    for (const s of pending.sums) lossSum += (await s.data())[0]!;
    const batchLoss = pending.weight > 0 ? lossSum / pending.weight : 0;
    const scale = pending.weight > 0 ? 1 / pending.weight : 0;
    const scaled = new Map<string, tf.Tensor>();
    for (const [name, g] of pending.grads) scaled.set(name, tf.mul(g, scale));
    let grads = scaled;
    let normTensor: tf.Scalar;
    if (this.clipNorm !== undefined) {
      const clipped = clipByGlobalNorm(scaled, this.clipNorm);
      grads = clipped.grads;
      normTensor = clipped.norm;
    } else {
      normTensor = globalNorm(scaled.values());
    }
    const gradNorm = (await normTensor.data())[0]!;
    normTensor.dispose();
    const finite = Number.isFinite(batchLoss) && Number.isFinite(gradNorm);
    const lr = this.schedule ? this.schedule.lrAt(p.step) : this.optimizer.lr;
    if (finite) {
      this.optimizer.lr = lr;
      this.optimizer.step(params, grads);
      this.replicasStale = true;
    }
    tf.dispose([...scaled.values()]);
    if (grads !== scaled) tf.dispose([...grads.values()]);

    let samples = 0;
    if (finite) {
      // Metrics from the logits of each micro-batch.
      for (let i = 0; i < pending.logits.length; i++) {
        const logits = pending.logits[i]!;
        const outputs = toOutputs(await logits.data(), logits.shape, pending.labels[i]!);
        samples += outputs.batch;
        for (const m of this.trainMetrics) m.update(outputs);
      }
      this.trainLoss.add(batchLoss, pending.weight);
    }
    disposePending(pending);
    if (!finite) {
      const where = `epoch ${p.epoch + 1}, update ${p.step + 1}`;
      const message =
        `@tfnlp/train: non-finite loss (${batchLoss}) or gradient norm (${gradNorm}) at ${where}; ` +
        'the update was not applied and training stopped. ' +
        (this.lastCheckpoint !== undefined
          ? `The last good checkpoint, ${this.lastCheckpoint}, is kept: resume from it `
          : 'No checkpoint had been written: restart ') +
        'with a lower learning rate or clipNorm, and check the batch for bad inputs or labels.';
      this.stopRequest = { reason: 'non-finite', message };
      return undefined;
    }
    p.step += 1;
    p.stepInEpoch += 1;
    p.samplesInEpoch += samples;
    const elapsed = (now() - started) / 1000;
    let eta: number | undefined;
    const spe = p.stepsPerEpoch;
    if (spe !== null && spe > 0) {
      const remaining = Math.max(0, spe - p.stepInEpoch) + spe * (epochs - p.epoch - 1);
      eta = (elapsed / stepsThisRun) * remaining;
    }
    const step: StepEvent = {
      type: 'step',
      epoch: p.epoch,
      epochs,
      step: p.step,
      stepInEpoch: p.stepInEpoch,
      stepsPerEpoch: spe ?? undefined,
      samples: p.samplesInEpoch,
      samplesPerSecond: 0,
      batchLoss,
      loss: this.trainLoss.result().loss!,
      metrics: mergeResults(this.trainMetrics),
      lr,
      gradNorm,
      elapsedSeconds: elapsed,
      etaSeconds: eta,
    };
    return { step, samplesAdded: samples };
  }

  // ------------------------------------------------------------------ evaluate / predict

  /**
   * Mean loss and metrics over the data (model in eval mode, no dropout). Pass metric instances
   * to read more than the numbers afterwards (e.g. a ConfusionMatrix's `reportTable()`).
   */
  async evaluate(
    data: DataSource<B>,
    options: { metrics?: Metric[] } = {},
  ): Promise<Record<string, number>> {
    const metrics = options.metrics ?? this.metricFactory();
    for (const m of metrics) m.reset();
    const loss = new MeanLoss();
    await this.inference(data, (outputs) => {
      loss.add(outputs.loss!, outputs.lossWeight!);
      for (const m of metrics) m.update(outputs);
    });
    return { ...loss.result(), ...mergeResults(metrics) };
  }

  /** Logits and predicted classes for every row of the data, in order. */
  async predict(data: DataSource<B>): Promise<PredictResult> {
    const chunks: Float32Array[] = [];
    let classes = 0;
    let rows = 0;
    await this.inference(
      data,
      (outputs) => {
        chunks.push(outputs.logits);
        classes = outputs.classes;
        rows += outputs.batch;
      },
      false,
    );
    const logits = new Float32Array(rows * classes);
    let at = 0;
    for (const c of chunks) {
      logits.set(c, at);
      at += c.length;
    }
    const predictions = new Int32Array(rows);
    for (let r = 0; r < rows; r++) predictions[r] = predictedClass(logits, r, classes);
    return { logits, rows, classes, predictions };
  }

  private async inference(
    data: DataSource<B>,
    onBatch: (outputs: Outputs) => void,
    withLoss = true,
  ): Promise<void> {
    this.model.eval?.();
    try {
      const ctx: StepContext = {
        training: false,
        seed: 0,
        rng: this.rng,
        step: this.progress.step,
        epoch: this.progress.epoch,
      };
      for await (const batch of resolveSource(data, { epoch: 0, seed: 0 })) {
        const labels = withLoss ? this.labelsOf(batch) : undefined;
        const { logits, sum, weight } = tf.tidy(() => {
          const out = this.forward(this.model, batch, ctx);
          if (labels === undefined) return { logits: out, sum: undefined, weight: 0 };
          const l = this.loss.compute(out, labels);
          return { logits: out, sum: l.sum, weight: l.weight };
        });
        const values = (await logits.data()) as Float32Array;
        const lossSum = sum ? (await sum.data())[0]! : 0;
        const outputs = toOutputs(values, logits.shape, labels ?? []);
        tf.dispose([logits, ...(sum ? [sum] : [])]);
        if (withLoss) {
          outputs.loss = weight > 0 ? lossSum / weight : 0;
          outputs.lossWeight = weight;
        }
        onBatch(outputs);
      }
    } finally {
      this.model.train?.();
    }
  }

  // ------------------------------------------------------------------ checkpoints

  /** Serialises model, optimizer, Rng, schedule, callbacks, metrics and data position. */
  encodeCheckpoint(): Uint8Array {
    const tensors = new Map<string, TensorData>();
    for (const [name, v] of this.parameters()) tensors.set(`model/${name}`, tensorData(v));
    const callbacks: Record<string, unknown> = {};
    for (const cb of this.callbacks) {
      if (cb.name !== undefined && cb.getState) callbacks[cb.name] = cb.getState();
    }
    const state = {
      format: FORMAT,
      version: 1,
      seed: this.seed,
      progress: this.progress,
      rng: this.rng.getState(),
      optimizer: this.optimizer.getState(),
      schedule: this.schedule?.getState?.(),
      trainLoss: this.trainLoss.getState(),
      trainMetrics: this.trainMetrics.map((m) => ({ name: m.name, state: m.getState() })),
      callbacks,
    };
    const json = encodeState(state, 'state', tensors);
    return encodeSafetensors(tensors, { format: FORMAT, state: JSON.stringify(json) });
  }

  /** Restores everything `encodeCheckpoint` saved; the next fit continues where it left off. */
  decodeCheckpoint(bytes: Uint8Array): void {
    const { tensors, metadata } = decodeSafetensors(bytes);
    if (metadata.format !== FORMAT || metadata.state === undefined) {
      throw new Error('Trainer: this file is not a @tfnlp/train checkpoint (no trainer state).');
    }
    const state = decodeState(JSON.parse(metadata.state), tensors) as {
      seed: number;
      progress: Progress;
      rng: RngState;
      optimizer: OptimizerState;
      schedule: unknown;
      trainLoss: unknown;
      trainMetrics: Array<{ name: string; state: unknown }>;
      callbacks: Record<string, unknown>;
    };
    if (state.seed !== this.seed) {
      throw new Error(
        `Trainer: the checkpoint was written with seed ${state.seed}, this trainer has seed ` +
          `${this.seed}; resume with the same seed.`,
      );
    }
    const model = new Map<string, { shape: number[]; values: Float32Array | Int32Array }>();
    for (const [name, t] of tensors) {
      if (name.startsWith('model/')) model.set(name.slice(6), t);
    }
    this.optimizer.setState(state.optimizer); // checks kind and hyper-parameters first
    this.restore(model);
    this.rng.setState(state.rng);
    if (state.schedule !== undefined) this.schedule?.setState?.(state.schedule);
    this.trainLoss.setState(state.trainLoss);
    state.trainMetrics.forEach(({ name, state: s }, i) => {
      const metric = this.trainMetrics[i];
      if (metric === undefined || metric.name !== name) {
        throw new Error(
          `Trainer: the checkpoint has training metric '${name}' at position ${i}; ` +
            'resume with the same metrics.',
        );
      }
      metric.setState(s);
    });
    for (const cb of this.callbacks) {
      const s = cb.name !== undefined ? state.callbacks[cb.name] : undefined;
      if (s !== undefined) cb.setState?.(s);
    }
    this.progress = structuredClone(state.progress);
  }

  /** Writes a checkpoint now (atomically) and updates `latest.json`; returns its path. */
  async checkpoint(): Promise<string> {
    const storage = this.requireStorage();
    const p = this.progress;
    const name = `step-${String(p.step).padStart(8, '0')}.safetensors`;
    if (!p.checkpoints.includes(name)) p.checkpoints.push(name);
    const keep = this.checkpointOptions.keep ?? 3;
    const removed =
      keep > 0 ? p.checkpoints.splice(0, Math.max(0, p.checkpoints.length - keep)) : [];
    await storage.write(name, this.encodeCheckpoint());
    const latest = { name, step: p.step, epoch: p.epoch, batchInEpoch: p.batchInEpoch };
    await storage.write(LATEST, new TextEncoder().encode(`${JSON.stringify(latest)}\n`));
    for (const old of removed) await storage.remove(old);
    this.lastCheckpoint = storage.resolve(name);
    const event: CheckpointEvent = {
      type: 'checkpoint',
      name,
      path: this.lastCheckpoint,
      step: p.step,
      epoch: p.epoch,
    };
    this.emitter.emit(event);
    for (const cb of this.callbacks) await cb.onCheckpoint?.(event, this);
    return this.lastCheckpoint;
  }

  /** Loads a checkpoint by name (default: the latest) from the storage, or from a file path. */
  async resume(nameOrPath?: string): Promise<void> {
    let storage = this.storage;
    let name = nameOrPath;
    if (name?.includes('/')) {
      const cut = name.lastIndexOf('/');
      storage = fileStorage(name.slice(0, cut) || '/');
      name = name.slice(cut + 1);
    }
    if (storage === undefined) {
      throw new Error('Trainer: resume needs `checkpoint.dir`/`storage` or a checkpoint path.');
    }
    if (name === undefined) {
      const latest = await storage.read(LATEST);
      if (latest === undefined) {
        throw new Error(
          `Trainer: no ${LATEST} in ${storage.location}; nothing to resume (start without resume).`,
        );
      }
      name = JSON.parse(new TextDecoder().decode(latest)).name as string;
    }
    const bytes = await storage.read(name);
    if (bytes === undefined) {
      throw new Error(`Trainer: checkpoint ${storage.resolve(name)} does not exist.`);
    }
    this.decodeCheckpoint(bytes);
    this.lastCheckpoint = storage.resolve(name);
  }

  private requireStorage(): CheckpointStorage {
    if (this.storage === undefined) {
      throw new Error(
        'Trainer: checkpoints need `checkpoint: { dir }` (or `storage`) in the options.',
      );
    }
    return this.storage;
  }
}

interface StopRequest {
  reason: StopEvent['reason'];
  message: string;
}

interface PendingUpdate {
  /** Sum of the micro-batch gradients of the loss sums, by parameter name. */
  grads: Map<string, tf.Tensor>;
  sums: tf.Tensor[];
  logits: tf.Tensor[];
  labels: Labels[];
  weight: number;
  count: number;
}

function emptyPending(): PendingUpdate {
  return { grads: new Map(), sums: [], logits: [], labels: [], weight: 0, count: 0 };
}

/** pending.grads[name] += grad (takes ownership of `grad`). */
function addGradient(pending: PendingUpdate, name: string, grad: tf.Tensor): void {
  const previous = pending.grads.get(name);
  if (previous === undefined) {
    pending.grads.set(name, grad);
    return;
  }
  pending.grads.set(name, tf.add(previous, grad));
  previous.dispose();
  grad.dispose();
}

function disposePending(p: PendingUpdate): void {
  tf.dispose([...p.grads.values(), ...p.sums, ...p.logits]);
  p.grads.clear();
  p.sums = [];
  p.logits = [];
  p.labels = [];
  p.weight = 0;
  p.count = 0;
}

function resolveSource<B>(
  source: DataSource<B>,
  ctx: { epoch: number; seed: number },
): AsyncIterable<B> | Iterable<B> {
  return typeof source === 'function' ? source(ctx) : source;
}

function toOutputs(values: ArrayLike<number>, shape: number[], labels: Labels): Outputs {
  const batch = shape[0] ?? 1;
  const classes = shape.length >= 2 ? shape.slice(1).reduce((a, b) => a * b, 1) : 1;
  return {
    logits: values instanceof Float32Array ? values : Float32Array.from(values),
    batch,
    classes,
    labels,
  };
}

function mergeResults(metrics: Metric[]): Record<string, number> {
  return Object.assign({}, ...metrics.map((m) => m.result()));
}

function tensorData(v: tf.Tensor): TensorData {
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

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function now(): number {
  return performance.now();
}
