import { describe, expect, it } from 'vitest';
import { batchOrder, paddedBatches } from './batches.js';
import { shuffleArray } from './shuffle.js';

// Example i has i % 7 + 1 tokens (ids 1..n) and label i % 2.
const examples = Array.from({ length: 40 }, (_, i) => ({
  ids: Array.from({ length: (i % 7) + 1 }, (_, k) => k + 1),
  label: i % 2,
}));
const lengths = examples.map((e) => e.ids.length);

describe('batchOrder', () => {
  it('without seed or buckets: input order, the remainder kept or dropped', () => {
    expect(batchOrder([1, 2, 3, 4, 5], { batchSize: 2 })).toEqual([[0, 1], [2, 3], [4]]);
    expect(batchOrder([1, 2, 3, 4, 5], { batchSize: 2, dropLast: true })).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it('sorts everything by length (stable) with bucketSize Infinity and no seed', () => {
    expect(
      batchOrder([3, 1, 2, 1], { batchSize: 3, bucketSize: Number.POSITIVE_INFINITY }),
    ).toEqual([[1, 3, 2], [0]]);
  });

  it('with a seed only: shuffled examples cut in order (the batches are not reshuffled)', () => {
    const order = batchOrder(lengths, { batchSize: 8, seed: 3 });
    expect(order.flat()).toEqual(
      shuffleArray(
        lengths.map((_, i) => i),
        3,
      ),
    );
  });

  it('seeded buckets: each batch from one sorted bucket, every example once, same seed same batches', () => {
    const order = batchOrder(lengths, { batchSize: 4, seed: 5, bucketSize: 20 });
    expect(order.flat().sort((a, b) => a - b)).toEqual(lengths.map((_, i) => i));
    expect(order).toHaveLength(10);
    // Rebuild the recipe by hand: shuffle (seed), sort within buckets, cut, shuffle batches (seed + 1).
    const shuffled = shuffleArray(
      lengths.map((_, i) => i),
      5,
    );
    const cut: number[][] = [];
    for (let b = 0; b < 40; b += 20) {
      const part = shuffled.slice(b, b + 20).sort((x, y) => lengths[x]! - lengths[y]!);
      for (let k = 0; k < 20; k += 4) cut.push(part.slice(k, k + 4));
    }
    expect(order).toEqual(shuffleArray(cut, 6));
    for (const rows of order) {
      const ls = rows.map((i) => lengths[i]!);
      expect(ls).toEqual([...ls].sort((a, b) => a - b));
    }
    expect(batchOrder(lengths, { batchSize: 4, seed: 5, bucketSize: 20 })).toEqual(order);
    expect(batchOrder(lengths, { batchSize: 4, seed: 6, bucketSize: 20 })).not.toEqual(order);
  });

  it('rejects bad sizes', () => {
    expect(() => batchOrder(lengths, { batchSize: 0 })).toThrow(
      /batchSize must be a positive integer/,
    );
    expect(() => batchOrder(lengths, { batchSize: 2, bucketSize: 1.5 })).toThrow(/bucketSize/);
  });
});

describe('paddedBatches', () => {
  it('pads each batch to its longest row, with lengths, mask and labels: [B, T]', () => {
    const out = [...paddedBatches(examples.slice(0, 3), { batchSize: 2 })];
    expect(out.map((b) => [b.batchSize, b.seqLength])).toEqual([
      [2, 2],
      [1, 3],
    ]);
    expect(Array.from(out[0]!.ids)).toEqual([1, 0, 1, 2]);
    expect(Array.from(out[0]!.attentionMask)).toEqual([1, 0, 1, 1]);
    expect(Array.from(out[0]!.lengths)).toEqual([1, 2]);
    expect(Array.from(out[0]!.labels)).toEqual([0, 1]);
  });

  it("pads to a fixed length with padTo 'max' and truncates to maxLength", () => {
    const out = [
      ...paddedBatches(examples.slice(0, 7), { batchSize: 7, maxLength: 5, padTo: 'max' }),
    ];
    expect(out[0]!.seqLength).toBe(5);
    expect(out[0]!.truncated).toBe(2);
  });

  it('follows batchOrder and drops the last partial batch when asked', () => {
    const opts = { batchSize: 6, seed: 1, bucketSize: 18, dropLast: true };
    const order = batchOrder(lengths, opts);
    const out = [...paddedBatches(examples, opts)];
    expect(out).toHaveLength(6);
    out.forEach((b, k) => {
      expect(Array.from(b.labels)).toEqual(order[k]!.map((i) => i % 2));
      expect(Array.from(b.lengths)).toEqual(order[k]!.map((i) => lengths[i]!));
    });
  });
});
