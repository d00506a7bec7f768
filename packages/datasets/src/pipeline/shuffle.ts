// Seeded shuffles: the same seed gives the same order on every platform (see prng.ts).
import type { AnyIterable } from '../types.js';
import { createRandom } from './prng.js';

/** Fisher–Yates on a copy of `items`; the input is not modified. */
export function shuffleArray<T>(items: readonly T[], seed: number): T[] {
  const out = items.slice();
  const rng = createRandom(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
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
  const rng = createRandom(seed);
  const buffer: T[] = [];
  for await (const item of source) {
    if (buffer.length < bufferSize) {
      buffer.push(item);
      continue;
    }
    const j = rng.nextInt(bufferSize);
    const out = buffer[j]!;
    buffer[j] = item;
    yield out;
  }
  // Drain: a seeded Fisher–Yates of what is left.
  for (let i = buffer.length - 1; i >= 0; i--) {
    const j = rng.nextInt(i + 1);
    const out = buffer[j]!;
    buffer[j] = buffer[i]!;
    yield out;
  }
}
