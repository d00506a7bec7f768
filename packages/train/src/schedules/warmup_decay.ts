// The warmup-then-decay schedules (linear, cosine) share everything but the decay curve.
import { checkStep, type LRSchedule, warmupLr } from './schedule.js';

/** Options of `LinearWarmupDecay` and `CosineWarmupDecay`. */
export interface WarmupDecayOptions {
  /** Peak learning rate (reached at the end of the warmup). */
  lr: number;
  /** Linear warmup from 0 over this many updates (default 0). */
  warmupSteps?: number;
  /** Total number of updates; the decay reaches `minLr` there and stays. */
  totalSteps: number;
  /** Final learning rate (default 0). */
  minLr?: number;
}

/**
 * Linear warmup from 0 to `lr` over `warmupSteps`, then `minLr + (lr - minLr) * decay(step)`,
 * where a subclass's `decay` goes from 1 (end of warmup) to 0 (`totalSteps`).
 */
export abstract class WarmupDecay implements LRSchedule {
  readonly lr: number;
  readonly warmupSteps: number;
  readonly totalSteps: number;
  readonly minLr: number;

  constructor(name: string, options: WarmupDecayOptions) {
    const warmup = options.warmupSteps ?? 0;
    if (!(Number.isInteger(options.totalSteps) && options.totalSteps > 0)) {
      throw new Error(`${name}: totalSteps must be a positive integer, got ${options.totalSteps}.`);
    }
    if (!(Number.isInteger(warmup) && warmup >= 0 && warmup <= options.totalSteps)) {
      throw new Error(`${name}: warmupSteps must be an integer in [0, totalSteps], got ${warmup}.`);
    }
    this.lr = options.lr;
    this.warmupSteps = warmup;
    this.totalSteps = options.totalSteps;
    this.minLr = options.minLr ?? 0;
  }

  /** The learning rate of update `step` (0-based). */
  lrAt(step: number): number {
    checkStep(step);
    const warm = warmupLr(this.lr, step, this.warmupSteps);
    if (warm !== undefined) return warm;
    return this.minLr + (this.lr - this.minLr) * this.decay(step);
  }

  /** The fraction of `lr - minLr` left at `step` (>= warmupSteps): 1 down to 0. */
  protected abstract decay(step: number): number;
}
