/**
 * Next-token choice from one row of logits, in plain JS (a [vocab] Float32Array per step is
 * small; sorting it on the host keeps the sampler exact and seedable). Order as Hugging Face's
 * logits processors: repetition penalty, temperature, top-k, top-p, then sample.
 */
import type { Rng } from '@tfnlp/core';

/** Options of `chooseNextToken` (the sampling part of `GenerateOptions`). */
export interface SamplingOptions {
  /** Softmax temperature; 0 = greedy (argmax). Default 1. */
  temperature?: number;
  /** Keep the k most likely tokens (0 or undefined = all). */
  topK?: number;
  /** Nucleus sampling: keep the smallest set whose probability reaches topP (default 1 = all). */
  topP?: number;
  /**
   * CTRL's repetition penalty (Keskar et al. 2019, Hugging Face's): logits of tokens already
   * in the sequence are divided by it when positive, multiplied when negative. Default 1 (off).
   */
  repetitionPenalty?: number;
}

/** Checks the sampling options once, with one clear message per mistake. */
export function checkSamplingOptions(o: SamplingOptions): void {
  const t = o.temperature ?? 1;
  if (!(t >= 0)) throw new Error(`generate: temperature must be >= 0 (0 = greedy), got ${t}.`);
  if (o.topK !== undefined && !(Number.isInteger(o.topK) && o.topK >= 0)) {
    throw new Error(`generate: topK must be a non-negative integer (0 = off), got ${o.topK}.`);
  }
  const p = o.topP ?? 1;
  if (!(p > 0 && p <= 1)) throw new Error(`generate: topP must be in (0, 1], got ${p}.`);
  const r = o.repetitionPenalty ?? 1;
  if (!(r > 0)) throw new Error(`generate: repetitionPenalty must be > 0 (1 = off), got ${r}.`);
}

/** Index of the largest value (the first one on ties, like torch.argmax). */
export function argmax(x: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < x.length; i++) if (x[i]! > x[best]!) best = i;
  return best;
}

/**
 * The next token from `logits` [vocab] given the tokens so far (`history`, for the repetition
 * penalty). Greedy when temperature is 0; otherwise draws one `rng.random()`.
 */
export function chooseNextToken(
  logits: Float32Array,
  history: Iterable<number>,
  options: SamplingOptions,
  rng: Rng,
): number {
  const x = Float64Array.from(logits);
  const penalty = options.repetitionPenalty ?? 1;
  if (penalty !== 1) {
    for (const id of new Set(history)) {
      const v = x[id];
      if (v !== undefined) x[id] = v > 0 ? v / penalty : v * penalty;
    }
  }
  const temperature = options.temperature ?? 1;
  if (temperature === 0) return argmax(x);
  // Candidates sorted by logit, descending (stable: lower id first on ties).
  let order = Array.from(x.keys()).sort((a, b) => x[b]! - x[a]! || a - b);
  const k = options.topK ?? 0;
  if (k > 0 && k < order.length) order = order.slice(0, k);
  const top = x[order[0]!]!;
  let probs = order.map((i) => Math.exp((x[i]! - top) / temperature));
  let total = probs.reduce((a, b) => a + b, 0);
  const topP = options.topP ?? 1;
  if (topP < 1) {
    // Smallest prefix whose probability reaches topP (always at least one token).
    let acc = 0;
    let keep = 0;
    while (keep < probs.length && acc < topP * total) acc += probs[keep++]!;
    order = order.slice(0, keep);
    probs = probs.slice(0, keep);
    total = acc;
  }
  let u = rng.random() * total;
  for (let j = 0; j < probs.length; j++) {
    u -= probs[j]!;
    if (u < 0) return order[j]!;
  }
  return order[order.length - 1]!; // rounding: u landed on the total
}
