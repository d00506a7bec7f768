/**
 * Perplexity, exp(mean next-token negative log-likelihood), streamed from the logits the trainer
 * hands to the metrics (rows [tokens, vocab], labels the target ids; negative labels, e.g. -100
 * padding, are skipped). Works in training and evaluation alike.
 */
import type { Metric, Outputs } from '../metrics/metric.js';

/** Streaming perplexity over token rows: `{ perplexity, nll }` (nll in nats per token). */
export class Perplexity implements Metric {
  readonly name = 'perplexity';
  private nll = 0;
  private tokens = 0;

  update(outputs: Outputs): void {
    const { logits, batch, classes, labels } = outputs;
    for (let r = 0; r < batch; r++) {
      const y = Number(labels[r]);
      if (!(y >= 0)) continue;
      if (y >= classes) {
        throw new Error(
          `Perplexity: label ${y} at row ${r} is outside the vocabulary [0, ${classes}).`,
        );
      }
      const off = r * classes;
      let max = -Infinity;
      for (let c = 0; c < classes; c++) max = Math.max(max, logits[off + c]!);
      let sum = 0;
      for (let c = 0; c < classes; c++) sum += Math.exp(logits[off + c]! - max);
      this.nll += max + Math.log(sum) - logits[off + y]!;
      this.tokens++;
    }
  }

  result(): Record<string, number> {
    const nll = this.tokens > 0 ? this.nll / this.tokens : Number.NaN;
    return { perplexity: Math.exp(nll), nll };
  }

  reset(): void {
    this.nll = 0;
    this.tokens = 0;
  }

  getState(): unknown {
    return { nll: this.nll, tokens: this.tokens };
  }

  setState(state: unknown): void {
    ({ nll: this.nll, tokens: this.tokens } = state as { nll: number; tokens: number });
  }
}
