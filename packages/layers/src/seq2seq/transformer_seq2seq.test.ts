import { initWasm } from '@tfnlp/backend-wasm';
import { beforeAll, describe, it } from 'vitest';
import { trainAndCheckReversal } from '../testing/reverse_task.js';
import { TransformerSeq2Seq } from './transformer_seq2seq.js';

beforeAll(() => initWasm());

describe('TransformerSeq2Seq learns to reverse digit strings', () => {
  it('reaches >= 99% sequence accuracy with greedy and beam search', () => {
    const model = new TransformerSeq2Seq({
      srcVocabSize: 13,
      tgtVocabSize: 13,
      maxLength: 8,
      dModel: 32,
      numHeads: 2,
      numEncoderLayers: 1,
      numDecoderLayers: 1,
      dimFeedforward: 64,
      dropout: 0,
      normFirst: true,
      seed: 8,
    });
    trainAndCheckReversal('TransformerSeq2Seq', model, 3e-3);
  }, 300_000);
});
