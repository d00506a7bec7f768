// Seeded shuffles: the same seed gives the same order on every platform (`Rng` of @tfnlp/core).
// Indices come from `random53()` (53-bit floats), the draws these orders were pinned on.
import { Rng } from '@tfnlp/core';
import type { AnyIterable } from '../types.js';

/** An integer in [0, n) from one 53-bit float. */
function below(rng: Rng, n: number): number {
  return Math.floor(rng.random53() * n);
}

/** Fisher–Yates on a copy of `items`; the input is not modified. */
export function shuffleArray<T>(items: readonly T[], seed: number): T[] {
  const out = items.slice();
  const rng = new Rng(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = below(rng, i + 1);
    const tmp = out[i]!;
    out[i] = out[j]!;
    out[j] = tmp;
  }
  return out;
}

/** Options of `shuffle`. */
export interface ShuffleOptions {
  /** Same seed, same order. */
  seed: number;
  /**
   * Items held at once. A buffer at least as large as the source gives a uniform shuffle;
   * a smaller one (tf.data style) trades randomness for memory.
   */
  bufferSize: number;
}

/** Streaming shuffle: fills a buffer, then emits a random buffered item for each new one. */
export async function* shuffle<T>(
  source: AnyIterable<T>,
  { seed, bufferSize }: ShuffleOptions,
): AsyncGenerator<T> {
  if (!Number.isInteger(bufferSize) || bufferSize < 1) {
    throw new RangeError(`shuffle: bufferSize must be a positive integer, got ${bufferSize}`);
  }
  const rng = new Rng(seed);
  const buffer: T[] = [];
  for await (const item of source) {
    if (buffer.length < bufferSize) {
      buffer.push(item);
      continue;
    }
    const j = below(rng, bufferSize);
    const out = buffer[j]!;
    buffer[j] = item;
    yield out;
  }
  // Drain: a seeded Fisher–Yates of what is left.
  for (let i = buffer.length - 1; i >= 0; i--) {
    const j = below(rng, i + 1);
    const out = buffer[j]!;
    buffer[j] = buffer[i]!;
    yield out;
  }
}
