// LM objective helpers: packing, causal-LM batches, perplexity, and a bigram LM trained by the
// Trainer until its perplexity on a deterministic cycle approaches 1.
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { SoftmaxCrossEntropy } from '../losses/softmax_cross_entropy.js';
import { Adam } from '../optimizers/adam.js';
import { Trainer } from '../trainer.js';
import {
  type CausalLmBatch,
  causalLmBatch,
  causalLmBatches,
  causalLmForward,
} from './causal_lm_data.js';
import { packBlocks } from './packing.js';
import { Perplexity } from './perplexity.js';

beforeAll(() => initWasm());

describe('packBlocks', () => {
  it('concatenates with separators and cuts equal blocks', () => {
    const blocks = packBlocks([[1, 2, 3], [4], [5, 6, 7, 8]], 3, { separatorId: 0 });
    expect(blocks.map((b) => Array.from(b))).toEqual([
      [1, 2, 3],
      [0, 4, 0],
      [5, 6, 7],
    ]); // [8, 0] dropped
    const kept = packBlocks([[1, 2, 3, 4]], 3, { keepRemainder: true });
    expect(kept.map((b) => Array.from(b))).toEqual([[1, 2, 3], [4]]);
    expect(() => packBlocks([[1]], 1)).toThrow(/blockSize/);
  });
});

describe('causal-LM batches', () => {
  it('shifts labels by one and shuffles by the epoch seed', () => {
    const b = causalLmBatch([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(Array.from(b.labels)).toEqual([2, 3, 5, 6]);
    expect(() => causalLmBatch([[1, 2], [3]])).toThrow(/block 1 has 1 tokens/);
    const blocks = Array.from({ length: 10 }, (_, i) => [i, i + 1]);
    const source = causalLmBatches(blocks, 4);
    const firsts = (seed: number) =>
      [...source({ epoch: 0, seed })].map((x) => Array.from(x.ids).filter((_, i) => i % 2 === 0));
    expect(firsts(1)).toEqual(firsts(1));
    expect(firsts(1)).not.toEqual(firsts(2));
    expect(
      firsts(1)
        .flat()
        .sort((a, b) => a - b),
    ).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...causalLmBatches(blocks, 4, { dropLast: true })({ epoch: 0, seed: 1 })]).toHaveLength(
      2,
    );
  });

  it('Perplexity is exp of the mean cross-entropy, ignoring negative labels', () => {
    const logits = tf.tensor2d([
      [1, 2, 0.5],
      [0, 0, 3],
      [2, 2, 2],
    ]);
    const labels = new Int32Array([1, 0, -100]);
    const ce = new SoftmaxCrossEntropy().compute(logits, labels);
    const mean = ce.sum.dataSync()[0]! / ce.weight;
    const p = new Perplexity();
    p.update({ logits: logits.dataSync() as Float32Array, batch: 3, classes: 3, labels });
    expect(p.result().nll).toBeCloseTo(mean, 5);
    expect(p.result().perplexity).toBeCloseTo(Math.exp(mean), 4);
    tf.dispose([logits, ce.sum]);
  });
});

describe('a bigram LM trained by the Trainer', () => {
  it('learns a deterministic cycle: perplexity falls towards 1', async () => {
    const V = 8;
    const table = tf.variable(tf.zeros([V, V])); // logits of the next token given this one
    const model = {
      namedParameters: () => [['table', table] as const],
      forward: (ids: tf.Tensor2D) => tf.gather(table, ids) as tf.Tensor3D, // [B, T, V]
    };
    const cycle = Array.from({ length: 400 }, (_, i) => (i * 3) % V); // next = this + 3 mod 8
    const blocks = packBlocks([cycle], 9);
    const trainer = new Trainer({
      model,
      forward: (m: typeof model, b: CausalLmBatch) => causalLmForward(m, b),
      optimizer: new Adam({ lr: 0.3 }),
      seed: 1,
      metrics: () => [new Perplexity()],
    });
    const data = causalLmBatches(blocks, 8);
    const before = await trainer.evaluate(data({ epoch: 0, seed: 0 }));
    expect(before.perplexity).toBeCloseTo(V, 3); // uniform predictions
    const result = await trainer.fit(data, { epochs: 3 });
    const after = await trainer.evaluate(data({ epoch: 0, seed: 0 }));
    expect(after.perplexity).toBeLessThan(1.2);
    expect(result.history.at(-1)!.perplexity).toBeLessThan(before.perplexity!);
    table.dispose();
  });
});
