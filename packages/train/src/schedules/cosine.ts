import { checkWarmupDecay, type WarmupDecayOptions } from './linear.js';
import { checkStep, type LRSchedule, warmupLr } from './schedule.js';

/**
 * Linear warmup then cosine decay (Hugging Face's get_cosine_schedule_with_warmup with
 * num_cycles 0.5, plus an optional floor):
 *   step < warmup:  lr * step / warmup
 *   else:           p = min(1, (step - warmup) / max(1, total - warmup))
 *                   minLr + (lr - minLr) * 0.5 * (1 + cos(pi * p))
 */
export class CosineWarmupDecay implements LRSchedule {
  readonly lr: number;
  readonly warmupSteps: number;
  readonly totalSteps: number;
  readonly minLr: number;

  constructor(options: WarmupDecayOptions) {
    checkWarmupDecay('CosineWarmupDecay', options);
    this.lr = options.lr;
    this.warmupSteps = options.warmupSteps ?? 0;
    this.totalSteps = options.totalSteps;
    this.minLr = options.minLr ?? 0;
  }

  lrAt(step: number): number {
    checkStep(step);
    const warm = warmupLr(this.lr, step, this.warmupSteps);
    if (warm !== undefined) return warm;
    const progress = Math.min(
      1,
      (step - this.warmupSteps) / Math.max(1, this.totalSteps - this.warmupSteps),
    );
    return this.minLr + (this.lr - this.minLr) * 0.5 * (1 + Math.cos(Math.PI * progress));
  }
}
