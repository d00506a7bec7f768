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

export function checkWarmupDecay(name: string, options: WarmupDecayOptions): void {
  const warmup = options.warmupSteps ?? 0;
  if (!(Number.isInteger(options.totalSteps) && options.totalSteps > 0)) {
    throw new Error(`${name}: totalSteps must be a positive integer, got ${options.totalSteps}.`);
  }
  if (!(Number.isInteger(warmup) && warmup >= 0 && warmup <= options.totalSteps)) {
    throw new Error(`${name}: warmupSteps must be an integer in [0, totalSteps], got ${warmup}.`);
  }
}

/**
 * Linear warmup then linear decay (Hugging Face's get_linear_schedule_with_warmup, with an
 * optional floor):
 *   step < warmup:  lr * step / warmup
 *   else:           minLr + (lr - minLr) * max(0, (total - step) / max(1, total - warmup))
 */
export class LinearWarmupDecay implements LRSchedule {
  readonly lr: number;
  readonly warmupSteps: number;
  readonly totalSteps: number;
  readonly minLr: number;

  constructor(options: WarmupDecayOptions) {
    checkWarmupDecay('LinearWarmupDecay', options);
    this.lr = options.lr;
    this.warmupSteps = options.warmupSteps ?? 0;
    this.totalSteps = options.totalSteps;
    this.minLr = options.minLr ?? 0;
  }

  lrAt(step: number): number {
    checkStep(step);
    const warm = warmupLr(this.lr, step, this.warmupSteps);
    if (warm !== undefined) return warm;
    const remaining = Math.max(
      0,
      (this.totalSteps - step) / Math.max(1, this.totalSteps - this.warmupSteps),
    );
    return this.minLr + (this.lr - this.minLr) * remaining;
  }
}
