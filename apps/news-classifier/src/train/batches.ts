/**
 * Padded id batches for the Transformer: rows of token ids with a 0/1 mask, the way
 * scripts/train.mjs batches (so the page trains what the script trains).
 */
import { shuffleArray } from '@tfnlp/datasets';

export interface IdBatch {
  ids: Int32Array;
  mask: Int32Array;
  labels: Int32Array;
  rows: number;
  cols: number;
}

/** Pads `seqs` to the longest one; `mask` is 1 on real tokens. */
export function makeBatch(seqs: readonly Int32Array[], labels: readonly number[]): IdBatch {
  if (seqs.length === 0) throw new Error('makeBatch: no sequences');
  const rows = seqs.length;
  const cols = Math.max(1, ...seqs.map((q) => q.length));
  const ids = new Int32Array(rows * cols);
  const mask = new Int32Array(rows * cols);
  seqs.forEach((q, r) => {
    ids.set(q, r * cols);
    mask.fill(1, r * cols, r * cols + q.length);
  });
  return { ids, mask, labels: Int32Array.from(labels), rows, cols };
}

/** Batches of `size` in an order shuffled with `seed` (a new order each epoch). */
export function shuffledBatches(
  seqs: readonly Int32Array[],
  labels: readonly number[],
  size: number,
  seed: number,
): IdBatch[] {
  const order = shuffleArray(
    seqs.map((_, i) => i),
    seed,
  );
  const out: IdBatch[] = [];
  for (let b = 0; b < order.length; b += size) {
    const idx = order.slice(b, b + size);
    out.push(
      makeBatch(
        idx.map((i) => seqs[i]!),
        idx.map((i) => labels[i]!),
      ),
    );
  }
  return out;
}
