// Bucket-by-length batching (as tf.data's bucket_by_sequence_length): items of similar
// length share a batch, so padding wastes little compute.
import type { AnyIterable } from '../types.js';

/** Options of `bucketByLength`. */
export interface BucketOptions<T> {
  /** Length used for bucketing, usually the token count. */
  length: (item: T) => number;
  /**
   * Ascending upper bounds. Bucket i holds lengths < boundaries[i] (and >= boundaries[i-1]);
   * the last bucket holds lengths >= the last boundary. N boundaries -> N + 1 buckets.
   */
  boundaries: readonly number[];
  /** One batch size for all buckets, or one per bucket (boundaries.length + 1 values). */
  batchSize: number | readonly number[];
  /** Drop the partial batches left at the end (default false: emit them, bucket by bucket). */
  dropRemainder?: boolean;
}

/** Emits a bucket's batch as soon as it is full: T -> T[batchSize of that bucket]. */
export async function* bucketByLength<T>(
  source: AnyIterable<T>,
  { length, boundaries, batchSize, dropRemainder = false }: BucketOptions<T>,
): AsyncGenerator<T[]> {
  for (let i = 1; i < boundaries.length; i++) {
    if (!(boundaries[i]! > boundaries[i - 1]!)) {
      throw new RangeError(
        `bucketByLength: boundaries must be strictly ascending, got [${boundaries.join(', ')}]`,
      );
    }
  }
  const nBuckets = boundaries.length + 1;
  const sizes =
    typeof batchSize === 'number' ? new Array<number>(nBuckets).fill(batchSize) : [...batchSize];
  if (sizes.length !== nBuckets) {
    throw new RangeError(
      `bucketByLength: ${boundaries.length} boundaries make ${nBuckets} buckets, but ${sizes.length} batch sizes were given`,
    );
  }
  for (const s of sizes) {
    if (!Number.isInteger(s) || s < 1)
      throw new RangeError(`bucketByLength: batch sizes must be positive integers, got ${s}`);
  }
  const buckets: T[][] = Array.from({ length: nBuckets }, () => []);
  for await (const item of source) {
    const b = bucketIndex(boundaries, length(item));
    const bucket = buckets[b]!;
    bucket.push(item);
    if (bucket.length === sizes[b]) {
      buckets[b] = [];
      yield bucket;
    }
  }
  if (dropRemainder) return;
  for (const bucket of buckets) if (bucket.length > 0) yield bucket;
}

/** Index of the first boundary greater than `len` (binary search). */
function bucketIndex(boundaries: readonly number[], len: number): number {
  let lo = 0;
  let hi = boundaries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (len < boundaries[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
