// The shared pipeline's batches: token dropout draws from @tfnlp/core's Rng the very stream the
// shipped models were trained with (datasets' former createRandom(seed + 2).nextFloat, which was
// Rng's random53), and the epoch order is paddedBatches' (shuffle, buckets of 20 batches, batches
// shuffled).
import { Rng } from '@tfnlp/core';
import { paddedBatches } from '@tfnlp/datasets';
import { describe, expect, it } from 'vitest';
import { UNK_ID } from '../src/model.js';
import { type EncodedExample, trainBatches } from '../src/pipeline/pipeline.js';
import { DEFAULT_RECIPE } from '../src/pipeline/recipe.js';

const examples: EncodedExample[] = Array.from({ length: 500 }, (_, i) => ({
  ids: Int32Array.from({ length: 3 + ((i * 7) % 40) }, (_, k) => 2 + ((i + k) % 97)),
  label: i % 5,
}));

/** The batches as train.mjs made them before the pipeline, written out by hand. */
function before(seed: number, batchSize: number, tokenDropout: number) {
  const random = new Rng(seed + 2);
  return paddedBatches(examples, {
    batchSize,
    seed,
    bucketSize: batchSize * 20,
    mapIds: (q) => Int32Array.from(q).map((id) => (random.random53() < tokenDropout ? UNK_ID : id)),
  });
}

describe('trainBatches', () => {
  it.each([0, 1, 7])(
    'gives the pre-pipeline batches and token dropout for epoch seed %i',
    (seed) => {
      const recipe = { ...DEFAULT_RECIPE, batchSize: 16, tokenDropout: 0.1 };
      const now = [...trainBatches(examples, recipe)({ seed })];
      const then = [...before(seed, 16, 0.1)];
      expect(now.length).toBe(then.length);
      now.forEach((b, i) => {
        expect(Array.from(b.ids)).toEqual(Array.from(then[i]!.ids));
        expect(Array.from(b.labels)).toEqual(Array.from(then[i]!.labels));
      });
      // Token dropout did replace some ids (about 10 %), so the stream was really compared.
      const unk = now.reduce((n, b) => n + b.ids.filter((id) => id === UNK_ID).length, 0);
      const tokens = examples.reduce((n, e) => n + e.ids.length, 0);
      expect(unk / tokens).toBeGreaterThan(0.05);
      expect(unk / tokens).toBeLessThan(0.15);
    },
  );

  it('leaves the ids alone without token dropout', () => {
    const batches = [...trainBatches(examples, { ...DEFAULT_RECIPE, batchSize: 32 })({ seed: 3 })];
    expect(batches.reduce((n, b) => n + b.ids.filter((id) => id === UNK_ID).length, 0)).toBe(0);
    expect(batches.reduce((n, b) => n + b.batchSize, 0)).toBe(examples.length);
  });
});
