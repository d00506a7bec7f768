import { describe, expect, it } from 'vitest';
import { WordLevel } from '../models/word_level.js';
import { Whitespace } from '../pre_tokenizers/whitespace.js';
import { Tokenizer } from '../tokenizer.js';
import { BpeTrainer } from './bpe.js';
import { countWords } from './word_counts.js';
import { WordLevelTrainer } from './word_level.js';
import { WordPieceTrainer } from './word_piece.js';

const counts = (o: Record<string, number>) => new Map(Object.entries(o));

describe('BpeTrainer', () => {
  it("reproduces HF's own unit test (min_frequency 2)", () => {
    const wc = counts({
      roses: 1,
      are: 2,
      red: 1,
      voilets: 1,
      blue: 1,
      BERT: 1,
      is: 2,
      big: 1,
      and: 1,
      so: 1,
      'GPT-2': 1,
    });
    const { vocab, merges } = new BpeTrainer({ minFrequency: 2 }).learn(wc);
    const chars = '- 2 B E G P R T a b d e g i l n o r s t u v'.split(' ');
    expect([...vocab.keys()]).toEqual([...chars, 're', 'are', 'is']);
    expect(merges).toEqual([
      ['r', 'e'],
      ['a', 're'],
      ['i', 's'],
    ]);
  });

  it('stops at vocabSize, keeps special tokens first, honours the initial alphabet and limit', () => {
    const wc = counts({ hug: 10, pug: 5, pun: 12, bun: 4, hugs: 5 });
    const { vocab } = new BpeTrainer({
      vocabSize: 10,
      specialTokens: ['<s>'],
      initialAlphabet: ['z'],
    }).learn(wc);
    expect([...vocab.keys()]).toEqual(['<s>', 'b', 'g', 'h', 'n', 'p', 's', 'u', 'z', 'ug']);
    const limited = new BpeTrainer({ vocabSize: 3, limitAlphabet: 2 }).learn(wc);
    expect([...limited.vocab.keys()]).toEqual(['g', 'u', 'ug']); // u (36) and g (20) are the most frequent
  });

  it('adds the end-of-word suffix', () => {
    const { vocab } = new BpeTrainer({ endOfWordSuffix: '</w>' }).learn(counts({ ab: 3 }));
    expect([...vocab.keys()]).toEqual(['a', 'b', 'b</w>', 'ab</w>']);
  });
});

describe('WordPieceTrainer', () => {
  it('learns ##-prefixed pieces that the WordPiece model then uses', () => {
    const tok = new Tokenizer(new WordLevel({}));
    tok.preTokenizer = new Whitespace();
    tok.train(
      ['hug hugs hugging pug pugs'],
      new WordPieceTrainer({ specialTokens: ['[UNK]'], vocabSize: 20 }),
    );
    expect(tok.encode('pugging').tokens).toEqual(['pug', '##gi', '##ng']);
    expect(tok.encode('hugg').tokens).toEqual(['hug', '##g']);
    expect(tok.encode('xyz').tokens).toEqual(['[UNK]']);
    expect(tok.tokenToId('[UNK]')).toBe(0);
  });
});

describe('WordLevelTrainer', () => {
  it('orders by frequency then code point; min frequency; vocab size', () => {
    const wc = counts({ the: 25, roses: 22, are: 24, red: 12, voilets: 10, blue: 16 });
    expect([...new WordLevelTrainer({ vocabSize: 5 }).train(wc).model.getVocab().keys()]).toEqual([
      'the',
      'are',
      'roses',
      'blue',
      'red',
    ]);
    const m = new WordLevelTrainer({ minFrequency: 15, specialTokens: ['[UNK]'] }).train(wc).model;
    expect([...m.getVocab().keys()]).toEqual(['[UNK]', 'the', 'are', 'roses', 'blue']);
  });

  it('trains from an async iterable with bounded memory (counts only)', async () => {
    async function* rows() {
      for (let i = 0; i < 1000; i++) yield `word${i % 10} common`;
    }
    const tok = new Tokenizer(new WordLevel({}));
    tok.preTokenizer = new Whitespace();
    await tok.trainAsync(rows(), new WordLevelTrainer({ specialTokens: ['[UNK]'] }));
    expect(tok.model.vocabSize).toBe(12);
    expect(tok.encode('common word3 unseen').ids).toEqual([1, tok.tokenToId('word3'), 0]);
    expect(countWords(tok, ['a a b'])).toEqual(counts({ a: 2, b: 1 }));
  });

  it('rejects non-string training data', () => {
    const tok = new Tokenizer(new WordLevel({}));
    expect(() => tok.train([42 as unknown as string], new WordLevelTrainer())).toThrow(
      /must yield strings, got number/,
    );
  });
});
