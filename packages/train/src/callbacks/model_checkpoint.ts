// Keras's ModelCheckpoint (keras/src/callbacks/model_checkpoint.py): after each epoch, save the
// model (every epoch, or only when `monitor` improved); the saving itself is the caller's `save`
// (e.g. writing the model folder), so this works in Node and in a page.
import type { EpochEvent } from '../events.js';
import type { TrainerHandle } from '../handle.js';
import type { TrainableModule } from '../types.js';
import type { Callback } from './callback.js';

/** What `ModelCheckpoint`'s `save` receives. */
export interface ModelCheckpointSave {
  /** The model, with the weights of this epoch. */
  model: TrainableModule;
  /** 0-based epoch that just ended (Keras formats `epoch + 1` into its file names). */
  epoch: number;
  /** This epoch's logs: training loss/metrics and `val_` ones. */
  logs: Record<string, number>;
  /** The monitored value of this epoch (undefined when it is not in the logs and saveBestOnly is off). */
  value: number | undefined;
  /** The logs of every epoch so far, this one included (kept across resume). */
  history: Array<Record<string, number>>;
  /** The trainer, e.g. to write a training checkpoint too. */
  trainer: TrainerHandle;
}

/** Options of `ModelCheckpoint`. */
export interface ModelCheckpointOptions {
  /** Writes the model (e.g. its folder); awaited before training goes on. */
  save: (info: ModelCheckpointSave) => void | Promise<void>;
  /** An epoch log key (default 'val_loss', as Keras). */
  monitor?: string;
  /** 'min', 'max', or 'auto' (default): max for accuracy / auc / f1 / precision / recall / fmeasure, else min. */
  mode?: 'min' | 'max' | 'auto';
  /** Save only when `monitor` improved on the best so far (default false: every epoch). */
  saveBestOnly?: boolean;
  /** With saveBestOnly: the value to beat before the first save (Keras `initial_value_threshold`). */
  initialValueThreshold?: number;
  /** Key of this callback's state in training checkpoints (default 'model_checkpoint'). */
  name?: string;
}

/**
 * Saves the model after every epoch, or with `saveBestOnly` only when `monitor` improved (Keras
 * semantics: strictly better than the best so far; NaN never is). Its best value and history are
 * saved in training checkpoints, so a resumed fit does not overwrite a better model.
 *
 * @example
 * new ModelCheckpoint({ monitor: 'val_accuracy', saveBestOnly: true,
 *   save: ({ model, epoch }) => saveModelDir(out, model, { bestEpoch: epoch + 1 }) });
 */
export class ModelCheckpoint implements Callback {
  readonly name: string;
  readonly monitor: string;
  readonly mode: 'min' | 'max';
  readonly saveBestOnly: boolean;
  /** Best monitored value so far (null before the first epoch, unless a threshold was given). */
  best: number | null;
  /** 0-based epoch of the best value (-1 when none). */
  bestEpoch = -1;
  private history: Array<Record<string, number>> = [];
  private readonly save: ModelCheckpointOptions['save'];

  constructor(options: ModelCheckpointOptions) {
    if (typeof options?.save !== 'function') {
      throw new Error(
        'ModelCheckpoint: pass `save: ({ model, epoch, logs }) => ...` that writes the model.',
      );
    }
    this.save = options.save;
    this.name = options.name ?? 'model_checkpoint';
    this.monitor = options.monitor ?? 'val_loss';
    this.mode = resolveMode(options.mode ?? 'auto', this.monitor);
    this.saveBestOnly = options.saveBestOnly ?? false;
    this.best = options.initialValueThreshold ?? null;
  }

  async onEpochEnd(event: EpochEvent, trainer: TrainerHandle): Promise<void> {
    this.history.push({ ...event.logs });
    const value = event.logs[this.monitor];
    if (this.saveBestOnly) {
      if (value === undefined) {
        throw new Error(
          `ModelCheckpoint: '${this.monitor}' is not in the epoch logs ` +
            `(${Object.keys(event.logs).join(', ')}); pass validation data to fit or change monitor.`,
        );
      }
      if (!this.improves(value)) return;
      this.best = value;
      this.bestEpoch = event.epoch;
    }
    await this.save({
      model: trainer.model,
      epoch: event.epoch,
      logs: { ...event.logs },
      value,
      history: this.history.map((h) => ({ ...h })),
      trainer,
    });
  }

  /** Strictly better than the best so far (NaN never is). */
  improves(value: number): boolean {
    if (Number.isNaN(value)) return false;
    if (this.best === null) return true;
    return this.mode === 'min' ? value < this.best : value > this.best;
  }

  getState(): unknown {
    return { best: this.best, bestEpoch: this.bestEpoch, history: this.history };
  }

  setState(state: unknown): void {
    const s = state as {
      best: number | null;
      bestEpoch: number;
      history: Array<Record<string, number>>;
    };
    this.best = s.best;
    this.bestEpoch = s.bestEpoch;
    this.history = s.history.map((h) => ({ ...h }));
  }
}

/** Keras's 'auto': max for accuracy-like names, min otherwise. */
function resolveMode(mode: 'min' | 'max' | 'auto', monitor: string): 'min' | 'max' {
  if (mode === 'min' || mode === 'max') return mode;
  if (mode !== 'auto')
    throw new Error(`ModelCheckpoint: mode must be 'min', 'max' or 'auto', got '${mode}'.`);
  return /acc|auc|f1|precision|recall|^fmeasure/i.test(monitor) ? 'max' : 'min';
}
