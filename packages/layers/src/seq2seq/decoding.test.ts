import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { Rng } from '@tfnlp/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { BOS, disposeBatch, EOS, makeBatch } from '../testing/reverse_task.js';
import { beamSearch, greedyDecode } from './decoding.js';
import { sequenceCrossEntropy } from './losses.js';
import { TransformerSeq2Seq } from './transformer_seq2seq.js';

beforeAll(() => initWasm());

describe('decoding', () => {
  it('beam search with beamSize 1 equals greedy; wider beams never score worse', () => {
    const model = new TransformerSeq2Seq({
      srcVocabSize: 13,
      tgtVocabSize: 13,
      maxLength: 10,
      dModel: 16,
      numHeads: 2,
      numEncoderLayers: 1,
      numDecoderLayers: 1,
      dimFeedforward: 32,
      dropout: 0,
      seed: 3,
    }).eval();
    const b = makeBatch(new Rng(5), 6);
    const opts = { bosId: BOS, eosId: EOS, maxLength: 5 };
    const before = tf.memory().numTensors;
    const greedy = greedyDecode(model, b.src, b.srcMask, opts);
    const beam1 = beamSearch(model, b.src, b.srcMask, { ...opts, beamSize: 1 });
    const beam4 = beamSearch(model, b.src, b.srcMask, { ...opts, beamSize: 4 });
    expect(tf.memory().numTensors).toBe(before);
    for (let i = 0; i < 6; i++) {
      expect(beam1[i]!.tokens).toEqual(greedy[i]!.tokens);
      expect(beam1[i]!.logProb).toBeCloseTo(greedy[i]!.logProb, 4);
      // Compare like with like: a finished beam-4 hypothesis vs greedy's (finished or not).
      if (beam4[i]!.finished && greedy[i]!.finished)
        expect(beam4[i]!.logProb).toBeGreaterThanOrEqual(greedy[i]!.logProb - 1e-5);
    }
    disposeBatch(b);
    model.dispose();
  });

  it('sequenceCrossEntropy ignores padded targets', () => {
    tf.tidy(() => {
      const logits = tf.randomNormal([1, 3, 4], 0, 1, 'float32', 1) as tf.Tensor3D;
      const a = sequenceCrossEntropy(
        logits,
        tf.tensor2d([[1, 2, 3]], undefined, 'int32'),
        tf.tensor2d([[1, 1, 0]]),
      );
      const b = sequenceCrossEntropy(
        logits,
        tf.tensor2d([[1, 2, 0]], undefined, 'int32'),
        tf.tensor2d([[1, 1, 0]]),
      );
      const c = sequenceCrossEntropy(
        tf.slice(logits, [0, 0, 0], [1, 2, 4]) as tf.Tensor3D,
        tf.tensor2d([[1, 2]], undefined, 'int32'),
      );
      expect(a.dataSync()[0]).toBeCloseTo(b.dataSync()[0]!, 6);
      expect(a.dataSync()[0]).toBeCloseTo(c.dataSync()[0]!, 6);
    });
  });
});
