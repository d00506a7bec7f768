import { describe, expect, it } from 'vitest';
import { batch } from './batch.js';
import { bucketByLength } from './bucket.js';
import { filter, map, take, toArray } from './iter.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('map / filter / take', () => {
  it('compose over sync and async sources', async () => {
    const doubled = map(range(10), async (x) => x * 2);
    expect(
      await toArray(
        take(
          filter(doubled, (x) => x % 4 === 0),
          3,
        ),
      ),
    ).toEqual([0, 4, 8]);
  });
});

describe('batch', () => {
  it('keeps the remainder by default and can drop it', async () => {
    expect(await toArray(batch(range(7), 3))).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(await toArray(batch(range(7), 3, { dropRemainder: true }))).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    await expect(toArray(batch(range(2), 0))).rejects.toThrow(/positive integer/);
  });
});

describe('bucketByLength', () => {
  const words = ['a', 'bb', 'ccccc', 'dd', 'eeeeee', 'f', 'gggggggggg', 'hh', 'iiiiiii'];

  it('puts items of similar length together and flushes partial buckets at the end', async () => {
    const out = await toArray(
      bucketByLength(words, { length: (w) => w.length, boundaries: [3, 8], batchSize: 2 }),
    );
    // Buckets: [<3], [3,8), [>=8]
    expect(out).toEqual([
      ['a', 'bb'],
      ['ccccc', 'eeeeee'],
      ['dd', 'f'],
      ['hh'],
      ['iiiiiii'],
      ['gggggggggg'],
    ]);
    expect(out.flat().sort()).toEqual([...words].sort());
    for (const b of out) {
      const lens = b.map((w) => (w.length < 3 ? 0 : w.length < 8 ? 1 : 2));
      expect(new Set(lens).size).toBe(1);
    }
  });

  it('takes a batch size per bucket and can drop partial batches', async () => {
    const out = await toArray(
      bucketByLength(words, {
        length: (w) => w.length,
        boundaries: [3],
        batchSize: [3, 2],
        dropRemainder: true,
      }),
    );
    expect(out).toEqual([
      ['a', 'bb', 'dd'],
      ['ccccc', 'eeeeee'],
      ['gggggggggg', 'iiiiiii'],
    ]);
  });

  it('validates boundaries and batch sizes', async () => {
    await expect(
      toArray(bucketByLength(words, { length: (w) => w.length, boundaries: [5, 5], batchSize: 2 })),
    ).rejects.toThrow(/ascending/);
    await expect(
      toArray(
        bucketByLength(words, { length: (w) => w.length, boundaries: [5], batchSize: [1, 2, 3] }),
      ),
    ).rejects.toThrow(/2 buckets/);
  });
});
