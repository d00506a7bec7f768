import type { LRSchedule } from './schedule.js';

/** Options of `ReduceLROnPlateau` (PyTorch's names and defaults). */
export interface ReduceLROnPlateauOptions {
  lr: number;
  /** The metric the trainer passes after each evaluation (default 'val_loss'). */
  monitor?: string;
  /** 'min' (a loss, the default) or 'max' (an accuracy). */
  mode?: 'min' | 'max';
  /** Multiply the lr by this on a plateau (default 0.1). */
  factor?: number;
  /** Evaluations without improvement tolerated before reducing (default 10). */
  patience?: number;
  /** Minimum change that counts as an improvement (default 1e-4). */
  threshold?: number;
  /** 'rel' (default): relative to the best; 'abs': absolute. */
  thresholdMode?: 'rel' | 'abs';
  /** Evaluations to wait after a reduction before counting again (default 0). */
  cooldown?: number;
  /** Lower bound of the lr (default 0). */
  minLr?: number;
  /** Reductions smaller than this are skipped (default 1e-8). */
  eps?: number;
}

/** What `ReduceLROnPlateau` tracks between evaluations (saved in checkpoints). */
export interface PlateauState {
  /** The current learning rate. */
  lr: number;
  /** The best monitored value so far. */
  best: number;
  /** Evaluations since the last improvement. */
  badEpochs: number;
  /** Evaluations left before plateaus are counted again after a reduction. */
  cooldownCounter: number;
}

/**
 * Reduces the lr by `factor` when the monitored metric stopped improving for `patience`
 * evaluations; evaluation for evaluation `torch.optim.lr_scheduler.ReduceLROnPlateau`.
 */
export class ReduceLROnPlateau implements LRSchedule {
  readonly monitor: string;
  readonly mode: 'min' | 'max';
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly thresholdMode: 'rel' | 'abs';
  readonly cooldown: number;
  readonly minLr: number;
  readonly eps: number;
  private state: PlateauState;

  constructor(options: ReduceLROnPlateauOptions) {
    this.monitor = options.monitor ?? 'val_loss';
    this.mode = options.mode ?? 'min';
    this.factor = options.factor ?? 0.1;
    if (!(this.factor > 0 && this.factor < 1)) {
      throw new Error(`ReduceLROnPlateau: factor must be in (0, 1), got ${this.factor}.`);
    }
    this.patience = options.patience ?? 10;
    this.threshold = options.threshold ?? 1e-4;
    this.thresholdMode = options.thresholdMode ?? 'rel';
    this.cooldown = options.cooldown ?? 0;
    this.minLr = options.minLr ?? 0;
    this.eps = options.eps ?? 1e-8;
    this.state = {
      lr: options.lr,
      best: this.mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY,
      badEpochs: 0,
      cooldownCounter: 0,
    };
  }

  lrAt(_step: number): number {
    return this.state.lr;
  }

  private isBetter(value: number): boolean {
    const { best } = this.state;
    const rel = this.thresholdMode === 'rel';
    if (this.mode === 'min') {
      return rel ? value < best * (1 - this.threshold) : value < best - this.threshold;
    }
    return rel ? value > best * (1 + this.threshold) : value > best + this.threshold;
  }

  onMetric(value: number): void {
    const s = this.state;
    if (this.isBetter(value)) {
      s.best = value;
      s.badEpochs = 0;
    } else {
      s.badEpochs += 1;
    }
    if (s.cooldownCounter > 0) {
      s.cooldownCounter -= 1;
      s.badEpochs = 0;
    }
    if (s.badEpochs > this.patience) {
      const lr = Math.max(s.lr * this.factor, this.minLr);
      if (s.lr - lr > this.eps) s.lr = lr;
      s.cooldownCounter = this.cooldown;
      s.badEpochs = 0;
    }
  }

  /** JSON-safe: the initial infinite `best` is saved as null. */
  getState(): Omit<PlateauState, 'best'> & { best: number | null } {
    const { best } = this.state;
    return { ...this.state, best: Number.isFinite(best) ? best : null };
  }

  setState(state: unknown): void {
    const s = state as Omit<PlateauState, 'best'> & { best: number | null };
    const initial = this.mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    this.state = { ...s, best: s.best ?? initial };
  }
}
