import type { Metric, Outputs } from './metric.js';
import { predictedClass } from './metric.js';

/**
 * Accuracy: argmax of the logits (or logit > 0 for one binary output) equals the class id.
 * Rows whose label is negative (ignored) do not count. With `multiLabel`, every element counts:
 * (logit > 0) == target.
 */
export class Accuracy implements Metric {
  readonly name = 'accuracy';
  private correct = 0;
  private total = 0;

  constructor(readonly multiLabel = false) {}

  update({ logits, batch, classes, labels }: Outputs): void {
    if (this.multiLabel) {
      for (let i = 0; i < batch * classes; i++) {
        this.correct += (logits[i]! > 0 ? 1 : 0) === Number(labels[i]) ? 1 : 0;
        this.total += 1;
      }
      return;
    }
    for (let row = 0; row < batch; row++) {
      const y = Number(labels[row]);
      if (y < 0) continue;
      if (predictedClass(logits, row, classes) === y) this.correct += 1;
      this.total += 1;
    }
  }

  result(): Record<string, number> {
    return { accuracy: this.total > 0 ? this.correct / this.total : Number.NaN };
  }

  reset(): void {
    this.correct = 0;
    this.total = 0;
  }

  getState(): unknown {
    return { correct: this.correct, total: this.total };
  }

  setState(state: unknown): void {
    ({ correct: this.correct, total: this.total } = state as { correct: number; total: number });
  }
}
