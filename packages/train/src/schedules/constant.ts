import { checkStep, type LRSchedule, warmupLr } from './schedule.js';

/** The same lr for every step, optionally after a linear warmup from 0 over `warmupSteps`. */
export class ConstantLR implements LRSchedule {
  constructor(
    readonly lr: number,
    readonly warmupSteps = 0,
  ) {}

  lrAt(step: number): number {
    checkStep(step);
    return warmupLr(this.lr, step, this.warmupSteps) ?? this.lr;
  }
}
