import type { EpochEvent, StopEvent } from '../events.js';
import type { TrainerHandle as Trainer } from '../handle.js';
import type { Callback } from './callback.js';

/** Options of `EarlyStopping`. */
export interface EarlyStoppingOptions {
  /** An epoch log key (default 'val_loss'). */
  monitor?: string;
  /** 'min', 'max', or 'auto' (default): max for accuracy / f1 / precision / recall, else min. */
  mode?: 'min' | 'max' | 'auto';
  /** Epochs without improvement before stopping (default 3). */
  patience?: number;
  /** An improvement must exceed this (default 0). */
  minDelta?: number;
  /** At the end, put back the weights of the best epoch (default true). */
  restoreBest?: boolean;
}

interface SavedWeights {
  [name: string]: { shape: number[]; values: Float32Array | Int32Array };
}

/**
 * Stops the fit when `monitor` has not improved for `patience` epochs and (by default) restores
 * the weights of the best epoch. Its state, best weights included, is saved in checkpoints.
 */
export class EarlyStopping implements Callback {
  readonly name = 'early_stopping';
  readonly monitor: string;
  readonly mode: 'min' | 'max';
  readonly patience: number;
  readonly minDelta: number;
  readonly restoreBest: boolean;
  best: number | null = null;
  bestEpoch = -1;
  wait = 0;
  private bestWeights: SavedWeights | undefined;

  constructor(options: EarlyStoppingOptions = {}) {
    this.monitor = options.monitor ?? 'val_loss';
    const mode = options.mode ?? 'auto';
    this.mode =
      mode === 'auto' ? (/acc|f1|precision|recall/i.test(this.monitor) ? 'max' : 'min') : mode;
    this.patience = options.patience ?? 3;
    this.minDelta = Math.abs(options.minDelta ?? 0);
    this.restoreBest = options.restoreBest ?? true;
  }

  onEpochEnd(event: EpochEvent, trainer: Trainer): void {
    const value = event.logs[this.monitor];
    if (value === undefined) {
      throw new Error(
        `EarlyStopping: '${this.monitor}' is not in the epoch logs ` +
          `(${Object.keys(event.logs).join(', ')}); pass validation data to fit or change monitor.`,
      );
    }
    const improved =
      this.best === null ||
      (this.mode === 'min' ? value < this.best - this.minDelta : value > this.best + this.minDelta);
    if (improved) {
      this.best = value;
      this.bestEpoch = event.epoch;
      this.wait = 0;
      if (this.restoreBest) this.bestWeights = Object.fromEntries(trainer.snapshot());
      return;
    }
    this.wait += 1;
    if (this.wait >= this.patience) {
      trainer.stop(
        `early stopping: ${this.monitor} did not improve for ${this.patience} epoch(s); ` +
          `best ${this.best} at epoch ${this.bestEpoch + 1}` +
          (this.restoreBest ? ', whose weights are restored' : ''),
        'early-stopping',
      );
    }
  }

  onTrainEnd(event: StopEvent, trainer: Trainer): void {
    if (!this.restoreBest || this.bestWeights === undefined) return;
    if (event.reason === 'early-stopping' || event.reason === 'completed') {
      trainer.restore(new Map(Object.entries(this.bestWeights)));
    }
  }

  getState(): unknown {
    const weights: SavedWeights = {};
    for (const [name, t] of Object.entries(this.bestWeights ?? {})) {
      weights[name] = { shape: t.shape, values: t.values };
    }
    return { best: this.best, bestEpoch: this.bestEpoch, wait: this.wait, weights };
  }

  setState(state: unknown): void {
    const s = state as {
      best: number | null;
      bestEpoch: number;
      wait: number;
      weights: SavedWeights;
    };
    this.best = s.best;
    this.bestEpoch = s.bestEpoch;
    this.wait = s.wait;
    this.bestWeights = Object.keys(s.weights).length > 0 ? s.weights : undefined;
  }
}
