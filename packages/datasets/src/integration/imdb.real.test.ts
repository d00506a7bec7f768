// Integration: the real aclImdb_v1.tar.gz (see shared/data/SOURCES.md for the counts).
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { realFile } from '../../test/data-dir.js';
import { type ImdbExample, imdb } from '../datasets/imdb.js';
import { paddedBatches } from '../pipeline/batches.js';
import { prefetch } from '../pipeline/prefetch.js';
import { stratifiedSplit } from '../pipeline/split.js';

const file = realFile('imdb/aclImdb_v1.tar.gz');

describe.skipIf(!file.present)(`IMDB, real archive: ${file.label}`, () => {
  let all: ImdbExample[];
  beforeAll(async () => {
    all = [];
    for await (const ex of imdb({ path: file.path, split: ['train', 'test'] })) all.push(ex);
  }, 60_000);

  it('has 12,500 reviews per class per split, ids 0..12499 each', () => {
    for (const split of ['train', 'test']) {
      for (const label of [0, 1]) {
        const xs = all.filter((e) => e.split === split && e.label === label);
        expect(xs).toHaveLength(12_500);
        expect(new Set(xs.map((e) => e.id)).size).toBe(12_500);
        expect(Math.max(...xs.map((e) => e.id))).toBe(12_499);
      }
    }
  });

  it('parses ratings from the file names (published histogram of train/pos and test/neg)', () => {
    const hist = (split: string, label: number) => {
      const h: Record<number, number> = {};
      for (const e of all)
        if (e.split === split && e.label === label) h[e.rating] = (h[e.rating] ?? 0) + 1;
      return h;
    };
    expect(hist('train', 1)).toEqual({ 7: 2496, 8: 3009, 9: 2263, 10: 4732 });
    expect(hist('test', 0)).toEqual({ 1: 5022, 2: 2302, 3: 2541, 4: 2635 });
  });

  it('keeps known texts and labels (pos = 1, neg = 0)', () => {
    // sha256 of two reviews whose opening lines SOURCES.md quotes (hashes, so no review
    // text is committed here).
    const get = (key: string) => all.find((e) => e.key === key)!;
    const sha = (t: string) => createHash('sha256').update(t, 'utf8').digest('hex');
    expect(sha(get('train/pos/0_9').text)).toBe(
      'd3f1dacff103c9835829ef9cbc3b1ccc1d722535d07146b111c9100fd3225c1e',
    );
    expect(get('train/pos/0_9').label).toBe(1);
    expect(sha(get('train/neg/0_3').text)).toBe(
      '6e3e81d6e04732c2985d17ec29920a03e448354eeb966bb88ddc30a38e1f3e17',
    );
    expect(get('train/neg/0_3').label).toBe(0);
  });

  it('runs the whole pipeline on train without losing a review', async () => {
    const train = all.filter((e) => e.split === 'train');
    const { train: fit, validation } = await stratifiedSplit(train, {
      validationFraction: 0.1,
      seed: 42,
    });
    expect(validation).toHaveLength(2_500);
    // The vocabulary path is exercised by the README example test; a cheap stand-in
    // tokenizer (one id per space-separated word) keeps this test to the batching itself.
    const ids = (text: string) => text.split(' ').map((w) => w.length);
    const tokenized = fit.map((e) => ({ ...e, ids: ids(e.text) }));
    const batches = paddedBatches(tokenized, {
      batchSize: 64,
      seed: 1,
      bucketSize: 64 * 50,
      maxLength: 400,
    });
    let rows = 0;
    let truncated = 0;
    let pos = 0;
    for await (const b of prefetch(batches, 4)) {
      expect(b.seqLength).toBeLessThanOrEqual(400);
      rows += b.batchSize;
      truncated += b.truncated;
      for (const l of b.labels) pos += l;
    }
    expect(rows).toBe(22_500);
    expect(pos).toBe(11_250);
    expect(truncated).toBeGreaterThan(1000); // long reviews were cut, not dropped
  }, 60_000);
});
