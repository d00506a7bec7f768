import { describe, expect, it } from 'vitest';
import { wordTokenize } from '../text/word-tokenize.js';
import { buildVocabulary } from './vocab.js';

describe('buildVocabulary', () => {
  const train = [
    { text: 'the cat sat', label: 0, split: 'train' },
    { text: 'the dog sat', label: 1, split: 'train' },
    { text: 'The END<br />end', label: 1, split: 'train' },
  ];

  it('orders by count, then code units, after the specials', async () => {
    const v = await buildVocabulary(train, { tokenize: wordTokenize });
    expect(v.tokens).toEqual(['<pad>', '<unk>', 'the', 'end', 'sat', 'cat', 'dog']);
    expect(Array.from(v.encode('the zebra sat'))).toEqual([2, 1, 4]);
    expect(v.idOf('<pad>')).toBe(0);
  });

  it('applies minCount and maxSize', async () => {
    const v = await buildVocabulary(train, { tokenize: wordTokenize, minCount: 2, maxSize: 4 });
    expect(v.tokens).toEqual(['<pad>', '<unk>', 'the', 'end']);
  });

  it('refuses test or validation examples (no leakage)', async () => {
    await expect(
      buildVocabulary([...train, { text: 'leak', label: 0, split: 'test', key: 'test/pos/1_10' }], {
        tokenize: wordTokenize,
      }),
    ).rejects.toThrow(/'test' split \(test\/pos\/1_10\).*train split only/);
    await expect(
      buildVocabulary([{ text: 'x', label: 0, split: 'validation' }], { tokenize: wordTokenize }),
    ).rejects.toThrow(/validation/);
  });
});

describe('wordTokenize', () => {
  it('lowercases, drops <br /> markup and punctuation, keeps apostrophes and non-ASCII letters', () => {
    expect(wordTokenize("It's <br /><br />GREAT! Café 42")).toEqual([
      "it's",
      'great',
      'café',
      '42',
    ]);
  });
});
