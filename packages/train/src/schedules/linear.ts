import { WarmupDecay, type WarmupDecayOptions } from './warmup_decay.js';

/**
 * Linear warmup then linear decay (Hugging Face's get_linear_schedule_with_warmup, with an
 * optional floor):
 *   step < warmup:  lr * step / warmup
 *   else:           minLr + (lr - minLr) * max(0, (total - step) / max(1, total - warmup))
 */
export class LinearWarmupDecay extends WarmupDecay {
  constructor(options: WarmupDecayOptions) {
    super('LinearWarmupDecay', options);
  }

  protected decay(step: number): number {
    return Math.max(0, (this.totalSteps - step) / Math.max(1, this.totalSteps - this.warmupSteps));
  }
}
