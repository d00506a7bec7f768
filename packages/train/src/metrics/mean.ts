import type { Metric, Outputs } from './metric.js';

/** Weighted running mean of the batch losses (the 'loss' of the progress events). */
export class MeanLoss implements Metric {
  readonly name: string;
  private sum = 0;
  private weight = 0;

  constructor(name = 'loss') {
    this.name = name;
  }

  update(outputs: Outputs): void {
    if (outputs.loss === undefined) return;
    const w = outputs.lossWeight ?? outputs.batch;
    this.sum += outputs.loss * w;
    this.weight += w;
  }

  /** Adds one value directly. */
  add(value: number, weight = 1): void {
    this.sum += value * weight;
    this.weight += weight;
  }

  result(): Record<string, number> {
    return { [this.name]: this.weight > 0 ? this.sum / this.weight : Number.NaN };
  }

  reset(): void {
    this.sum = 0;
    this.weight = 0;
  }

  getState(): unknown {
    return { sum: this.sum, weight: this.weight };
  }

  setState(state: unknown): void {
    ({ sum: this.sum, weight: this.weight } = state as { sum: number; weight: number });
  }
}
