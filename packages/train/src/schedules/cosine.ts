import { WarmupDecay, type WarmupDecayOptions } from './warmup_decay.js';

/**
 * Linear warmup then cosine decay (Hugging Face's get_cosine_schedule_with_warmup with
 * num_cycles 0.5, plus an optional floor):
 *   step < warmup:  lr * step / warmup
 *   else:           p = min(1, (step - warmup) / max(1, total - warmup))
 *                   minLr + (lr - minLr) * 0.5 * (1 + cos(pi * p))
 */
export class CosineWarmupDecay extends WarmupDecay {
  constructor(options: WarmupDecayOptions) {
    super('CosineWarmupDecay', options);
  }

  protected decay(step: number): number {
    const progress = Math.min(
      1,
      (step - this.warmupSteps) / Math.max(1, this.totalSteps - this.warmupSteps),
    );
    return 0.5 * (1 + Math.cos(Math.PI * progress));
  }
}
