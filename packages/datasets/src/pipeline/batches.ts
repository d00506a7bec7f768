// The one batch iterator: examples -> padded batches for an epoch, seeded, with length
// bucketing (as torchtext's BucketIterator / the "sort within a pool, shuffle the batches"
// recipe): padding wastes little compute, yet every epoch sees other batches in another order.
import { type CollateOptions, collate, type MaybeTokenized, type PaddedBatch } from './collate.js';
import { shuffleArray } from './shuffle.js';

/** Options of `paddedBatches`; the collate options say how each batch is padded. */
export interface PaddedBatchesOptions extends CollateOptions {
  /** Rows per batch (the last one may be smaller unless `dropLast`). */
  batchSize: number;
  /**
   * Shuffles the examples with this seed (and, with `bucketSize`, the order of the batches
   * with `seed + 1`); same seed, same batches. Absent: examples keep their order.
   */
  seed?: number;
  /**
   * Examples are sorted by length (stably) within consecutive buckets of this many, then cut
   * into batches: e.g. 50 * batchSize after a shuffle, or Infinity (no seed) to sort them all,
   * as for evaluation. Absent: no sorting.
   */
  bucketSize?: number;
  /** Leave out a last batch smaller than `batchSize` (default false: no example is lost). */
  dropLast?: boolean;
}

function checkPositiveInteger(name: string, v: number, allowInfinity = false): void {
  if (!(allowInfinity && v === Number.POSITIVE_INFINITY) && (!Number.isInteger(v) || v < 1)) {
    throw new RangeError(`paddedBatches: ${name} must be a positive integer, got ${v}`);
  }
}

/**
 * The examples' row indices, batch by batch: shuffled (seed), sorted by length within buckets,
 * cut into batches, and the batches shuffled (seed + 1) when they were sorted.
 */
export function batchOrder(
  lengths: ArrayLike<number>,
  options: Pick<PaddedBatchesOptions, 'batchSize' | 'seed' | 'bucketSize' | 'dropLast'>,
): number[][] {
  const { batchSize, seed, bucketSize, dropLast = false } = options;
  checkPositiveInteger('batchSize', batchSize);
  if (bucketSize !== undefined) checkPositiveInteger('bucketSize', bucketSize, true);
  const all = Array.from({ length: lengths.length }, (_, i) => i);
  const order = seed === undefined ? all : shuffleArray(all, seed);
  const out: number[][] = [];
  const bucket = bucketSize ?? order.length;
  for (let start = 0; start < order.length; start += bucket) {
    const part = order.slice(start, start + bucket);
    if (bucketSize !== undefined) part.sort((a, b) => lengths[a]! - lengths[b]!);
    for (let b = 0; b < part.length; b += batchSize) out.push(part.slice(b, b + batchSize));
  }
  const kept = dropLast ? out.filter((rows) => rows.length === batchSize) : out;
  // Sorted buckets give short-to-long runs of batches; shuffling their order removes that.
  return seed !== undefined && bucketSize !== undefined ? shuffleArray(kept, seed + 1) : kept;
}

/**
 * One epoch of padded batches: [batchSize, seqLength] ids, attention mask, lengths and labels
 * (see `PaddedBatch`), made lazily in `batchOrder`. Examples carry `ids` (or a `text` and the
 * `tokenizer` option) and a `label`.
 *
 *   for (const b of paddedBatches(train, { batchSize: 32, seed: epoch, bucketSize: 1600, maxLength: 400 }))
 *     tf.tensor2d(b.ids, [b.batchSize, b.seqLength], 'int32');
 */
export function* paddedBatches(
  examples: readonly MaybeTokenized[],
  options: PaddedBatchesOptions,
): Generator<PaddedBatch> {
  const { batchSize, seed, bucketSize, dropLast, ...collateOptions } = options;
  const lengths = examples.map((ex) => {
    if (ex.ids !== undefined) return ex.ids.length;
    // Without ids yet, only the text's length is known: buckets of texts by characters.
    if (bucketSize !== undefined && typeof ex.text === 'string') return ex.text.length;
    return 0;
  });
  for (const rows of batchOrder(lengths, { batchSize, seed, bucketSize, dropLast })) {
    yield collate(
      rows.map((i) => examples[i]!),
      collateOptions,
    );
  }
}
