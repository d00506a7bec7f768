// Fixed-size batching.
import type { AnyIterable } from '../types.js';

/** Options of `batch`. */
export interface BatchOptions {
  /** Drop a last batch smaller than `size` (default false: keep it, so no example is lost). */
  dropRemainder?: boolean;
}

/** Groups items into arrays of `size`: T -> T[size]. */
export async function* batch<T>(
  source: AnyIterable<T>,
  size: number,
  { dropRemainder = false }: BatchOptions = {},
): AsyncGenerator<T[]> {
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`batch: size must be a positive integer, got ${size}`);
  }
  let current: T[] = [];
  for await (const item of source) {
    current.push(item);
    if (current.length === size) {
      yield current;
      current = [];
    }
  }
  if (current.length > 0 && !dropRemainder) yield current;
}
