import { describe, expect, it } from 'vitest';
import { WordPieceDecoder } from './decoders/word_piece.js';
import { WordPiece } from './models/word_piece.js';
import { BertNormalizer } from './normalizers/bert.js';
import { BertPreTokenizer } from './pre_tokenizers/bert.js';
import { TemplateProcessing } from './processors/template.js';
import { Tokenizer } from './tokenizer.js';

const VOCAB = [
  '[PAD]',
  '[UNK]',
  '[CLS]',
  '[SEP]',
  'hello',
  'world',
  '!',
  'un',
  '##aff',
  '##able',
  'hi',
  ',',
];

function bert(): Tokenizer {
  const tok = new Tokenizer(new WordPiece(Object.fromEntries(VOCAB.map((t, i) => [t, i]))));
  tok.normalizer = new BertNormalizer();
  tok.preTokenizer = new BertPreTokenizer();
  tok.postProcessor = new TemplateProcessing({
    single: '[CLS] $A [SEP]',
    pair: '[CLS] $A [SEP] $B:1 [SEP]:1',
    specialTokens: [
      ['[CLS]', 2],
      ['[SEP]', 3],
    ],
  });
  tok.decoder = new WordPieceDecoder();
  tok.addSpecialTokens(['[PAD]', '[UNK]', '[CLS]', '[SEP]']);
  return tok;
}

describe('Tokenizer.encode', () => {
  it('fills every field, with offsets into the original text', () => {
    const e = bert().encode('Héllo, UNAFFABLE!');
    expect(e.tokens).toEqual(['[CLS]', 'hello', ',', 'un', '##aff', '##able', '!', '[SEP]']);
    expect(e.offsets).toEqual([
      [0, 0],
      [0, 5],
      [5, 6],
      [7, 9],
      [9, 12],
      [12, 16],
      [16, 17],
      [0, 0],
    ]);
    expect(e.wordIds).toEqual([null, 0, 1, 2, 2, 2, 3, null]);
    expect(e.specialTokensMask).toEqual([1, 0, 0, 0, 0, 0, 0, 1]);
    expect(e.attentionMask).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    expect(e.typeIds).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(e.wordToTokens(2)).toEqual([3, 6]);
    expect(e.charToToken(10)).toBe(4);
  });

  it('encodes pairs with type ids and matches special tokens written in the text', () => {
    const tok = bert();
    const e = tok.encode('hi', 'world');
    expect(e.tokens).toEqual(['[CLS]', 'hi', '[SEP]', 'world', '[SEP]']);
    expect(e.typeIds).toEqual([0, 0, 0, 1, 1]);
    expect(e.sequenceIds).toEqual([null, 0, null, 1, null]);
    const f = tok.encode('hi[SEP]hello', null, { addSpecialTokens: false });
    expect(f.tokens).toEqual(['hi', '[SEP]', 'hello']);
    expect(f.offsets).toEqual([
      [0, 2],
      [2, 7],
      [7, 12],
    ]);
  });

  it('handles empty input, lone surrogates and bad input types', () => {
    const tok = bert();
    expect(tok.encode('').tokens).toEqual(['[CLS]', '[SEP]']);
    expect(tok.encode('hi\ud800').tokens).toEqual(['[CLS]', 'hi', '[SEP]']);
    expect(() => tok.encode('hi\ud800', null, { invalidUtf16: 'error' })).toThrow(
      /lone UTF-16 surrogate at index 2/,
    );
    expect(() => tok.encode(undefined as unknown as string)).toThrow(
      /text must be a string, got undefined/,
    );
  });

  it('encodes a 1 MB input without hanging (a pathological path would hit the test timeout)', () => {
    const tok = bert();
    const big = 'hello world, '.repeat(80_000);
    expect(tok.encode(big).length).toBe(240_002);
    expect(tok.encode('x'.repeat(1 << 20)).tokens).toEqual(['[CLS]', '[UNK]', '[SEP]']);
  });
});

describe('padding and truncation', () => {
  it.each([
    [
      'longest, right',
      { length: 'longest' as const },
      [
        [2, 10, 3, 0, 0],
        [2, 4, 11, 5, 3],
      ],
    ],
    [
      'fixed 6, left',
      { length: 6, direction: 'left' as const },
      [
        [0, 0, 0, 2, 10, 3],
        [0, 2, 4, 11, 5, 3],
      ],
    ],
    [
      'multiple of 4',
      { length: 'longest' as const, padToMultipleOf: 4 },
      [
        [2, 10, 3, 0, 0, 0, 0, 0],
        [2, 4, 11, 5, 3, 0, 0, 0],
      ],
    ],
  ])('pads a batch: %s', (_n, opts, ids) => {
    const tok = bert().setPadding(opts);
    const batch = tok.encodeBatch(['hi', 'hello, world']);
    expect(batch.map((e) => e.ids)).toEqual(ids);
    expect(batch[0]!.attentionMask).toEqual(ids[0]!.map((x) => (x === 0 ? 0 : 1)));
    expect(batch[0]!.specialTokensMask).toEqual(ids[0]!.map((x) => (x === 10 ? 0 : 1)));
  });

  it('truncates right with stride into overflowing windows, and left', () => {
    const tok = bert().setTruncation({ maxLength: 5, stride: 1 });
    const e = tok.encode('hello world hello world hello');
    expect(e.tokens).toEqual(['[CLS]', 'hello', 'world', 'hello', '[SEP]']);
    expect(e.overflowing.map((o) => o.tokens)).toEqual([
      ['[CLS]', 'hello', 'world', 'hello', '[SEP]'],
    ]);
    expect(e.overflowing[0]!.offsets[1]).toEqual([12, 17]);
    tok.setTruncation({ maxLength: 4, direction: 'left' });
    expect(tok.encode('hi hello world').tokens).toEqual(['[CLS]', 'hello', 'world', '[SEP]']);
  });

  it('balances a pair with longestFirst and explains onlyFirst failures', () => {
    const tok = bert().setTruncation({ maxLength: 7 });
    expect(tok.encode('hi hi hi hi', 'world world').tokens).toEqual([
      '[CLS]',
      'hi',
      'hi',
      '[SEP]',
      'world',
      'world',
      '[SEP]',
    ]);
    tok.setTruncation({ maxLength: 5, strategy: 'onlyFirst' });
    expect(() => tok.encode('hi', 'world world world')).toThrow(/first sequence is too short/);
  });
});

describe('decode', () => {
  it('joins WordPiece pieces and skips special tokens by default', () => {
    const tok = bert();
    const ids = tok.encode('hello, unaffable!').ids;
    expect(tok.decode(ids)).toBe('hello, unaffable!');
    expect(tok.decode(ids, { skipSpecialTokens: false })).toBe('[CLS] hello, unaffable! [SEP]');
    expect(tok.decodeBatch([[4], [5]])).toEqual(['hello', 'world']);
  });
});
