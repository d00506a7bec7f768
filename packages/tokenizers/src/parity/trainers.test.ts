import { describe, expect, it } from 'vitest';
import { WordLevel } from '../models/word_level.js';
import { BertNormalizer } from '../normalizers/bert.js';
import { Lowercase } from '../normalizers/lowercase.js';
import { NormalizerSequence } from '../normalizers/sequence.js';
import { NFKC } from '../normalizers/unicode.js';
import { BertPreTokenizer } from '../pre_tokenizers/bert.js';
import { ByteLevel } from '../pre_tokenizers/byte_level.js';
import { Whitespace } from '../pre_tokenizers/whitespace.js';
import { tokenizerToJson } from '../serialization.js';
import { Tokenizer } from '../tokenizer.js';
import { BpeTrainer } from '../trainers/bpe.js';
import type { Trainer } from '../trainers/trainer.js';
import { WordLevelTrainer } from '../trainers/word_level.js';
import { WordPieceTrainer } from '../trainers/word_piece.js';
import { corpusLines, fixture } from './fixtures.js';

interface ModelJson {
  vocab: Record<string, number>;
  merges?: Array<[string, string]>;
}

// HF's binding trains from a file read line by line, newline included (a line with an
// embedded '\n' is two lines there), so feed exactly those lines.
const lines = corpusLines
  .map((l) => `${l}\n`)
  .join('')
  .split(/(?<=\n)/);

function train(kind: 'wordlevel' | 'wordpiece' | 'bpe'): ModelJson {
  const tok = new Tokenizer(new WordLevel({}));
  let trainer: Trainer;
  if (kind === 'wordlevel') {
    tok.normalizer = new NormalizerSequence([NFKC(), new Lowercase()]);
    tok.preTokenizer = new Whitespace();
    trainer = new WordLevelTrainer({ specialTokens: ['[UNK]', '[PAD]'] });
  } else if (kind === 'wordpiece') {
    tok.normalizer = new BertNormalizer();
    tok.preTokenizer = new BertPreTokenizer();
    trainer = new WordPieceTrainer({
      specialTokens: ['[UNK]', '[CLS]', '[SEP]', '[PAD]', '[MASK]'],
    });
  } else {
    tok.preTokenizer = new ByteLevel();
    trainer = new BpeTrainer({ specialTokens: ['<|endoftext|>'] });
  }
  tok.train(lines, trainer);
  return tokenizerToJson(tok).model as ModelJson;
}

const hfModel = (kind: string) => fixture<{ model: ModelJson }>(`tok/hf-${kind}.json`).model;

describe("trainers reproduce HF's trainers on the same text", () => {
  it('WordLevel: same vocabulary, same ids', () => {
    expect(train('wordlevel').vocab).toEqual(hfModel('wordlevel').vocab);
  });

  it('byte-level BPE: same vocabulary, same ids, same merges in the same order', () => {
    const ours = train('bpe');
    const hf = hfModel('bpe');
    expect(ours.merges).toEqual(hf.merges);
    expect(ours.vocab).toEqual(hf.vocab);
  });

  it('WordPiece: the BPE algorithm above over "##" symbols; same size and >= 90% of tokens as HF', () => {
    const ours = train('wordpiece').vocab;
    const hf = hfModel('wordpiece').vocab;
    // Special tokens and the alphabet get HF's ids.
    for (const [t, id] of Object.entries(hf)) if (id < 60) expect([t, ours[t]]).toEqual([t, id]);
    // HF adds the "##x" symbols in hash-map order, which changes from run to run, and breaks
    // ties between equally frequent pairs by those ids; on this small corpus most pairs are
    // seen once or twice, so a few percent of the merged tokens differ (HF differs from
    // itself by as much between runs). We order "##x" by code point: deterministic.
    const n = Object.keys(hf).length;
    expect(Math.abs(Object.keys(ours).length - n)).toBeLessThanOrEqual(Math.ceil(n * 0.01));
    const hfSet = new Set(Object.keys(hf));
    const shared = Object.keys(ours).filter((t) => hfSet.has(t)).length;
    expect(shared / n).toBeGreaterThan(0.9);
  });

  it('WordPiece training is deterministic', () => {
    expect(train('wordpiece')).toEqual(train('wordpiece'));
  });
});
