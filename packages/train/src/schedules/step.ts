import { checkStep, type LRSchedule } from './schedule.js';

/** Options of `StepLR`. */
export interface StepLROptions {
  lr: number;
  /** Multiply by `gamma` every `stepSize` updates. */
  stepSize: number;
  /** Default 0.1. */
  gamma?: number;
}

/** lr * gamma^floor(step / stepSize), as `torch.optim.lr_scheduler.StepLR`. */
export class StepLR implements LRSchedule {
  readonly lr: number;
  readonly stepSize: number;
  readonly gamma: number;

  constructor(options: StepLROptions) {
    if (!(Number.isInteger(options.stepSize) && options.stepSize > 0)) {
      throw new Error(`StepLR: stepSize must be a positive integer, got ${options.stepSize}.`);
    }
    this.lr = options.lr;
    this.stepSize = options.stepSize;
    this.gamma = options.gamma ?? 0.1;
  }

  lrAt(step: number): number {
    checkStep(step);
    return this.lr * this.gamma ** Math.floor(step / this.stepSize);
  }
}
