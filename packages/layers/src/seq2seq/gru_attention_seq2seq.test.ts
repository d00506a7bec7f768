import { initWasm } from '@tfnlp/backend-wasm';
import { beforeAll, describe, it } from 'vitest';
import { trainAndCheckReversal } from '../testing/reverse_task.js';
import { GRUAttentionSeq2Seq } from './gru_attention_seq2seq.js';

beforeAll(() => initWasm());

describe('GRUAttentionSeq2Seq learns to reverse digit strings', () => {
  it('reaches >= 99% sequence accuracy with greedy and beam search', () => {
    const model = new GRUAttentionSeq2Seq({
      srcVocabSize: 13,
      tgtVocabSize: 13,
      embeddingDim: 16,
      hiddenSize: 32,
      seed: 9,
    });
    trainAndCheckReversal('GRUAttentionSeq2Seq', model, 1e-2);
  }, 300_000);
});
