import { describe, expect, it } from 'vitest';
import { NormalizedString } from '../normalized_string.js';
import { preTokenizerFromJson } from '../serialization.js';
import { Split } from './split.js';
import { WordNGrams } from './word_ngrams.js';

type Piece = [string, [number, number]];
const words = (s: string) =>
  new Split({ regex: '\\S+' }, 'removed', true).preTokenize([NormalizedString.from(s)]);
const run = (p: WordNGrams, s: string): Piece[] =>
  p.preTokenize(words(s)).map((w) => [w.normalized, w.offsets(0, w.length)]);

describe('WordNGrams', () => {
  it('interleaves bigrams between their words, offsets spanning both words', () => {
    expect(run(new WordNGrams(2), 'not  bad at')).toEqual([
      ['not', [0, 3]],
      ['not bad', [0, 8]],
      ['bad', [5, 8]],
      ['bad at', [5, 11]],
      ['at', [9, 11]],
    ]);
  });

  it('puts the longest n-gram first and joins with the separator', () => {
    expect(run(new WordNGrams(3, '_'), 'a b c').map(([t]) => t)).toEqual([
      'a',
      'a_b',
      'b',
      'a_b_c',
      'b_c',
      'c',
    ]);
  });

  it('aligns every char of an n-gram the same whether its words are unchanged or rewritten', () => {
    // 'ab cd  ef': unchanged words one space apart take the 1:1 path; mapChars (identity
    // output, forced arrays via an uppercase pass) takes the per-char arrays path.
    const spans = (w: NormalizedString) =>
      Array.from({ length: w.length }, (_, i) => [w.origStart(i), w.origEnd(i)]);
    const text = 'ab cd  ef';
    const plain = new WordNGrams(3).preTokenize(words(text));
    const upper = NormalizedString.from(text.toUpperCase()).mapChars((c) => c.toLowerCase());
    const split = new Split({ regex: '\\S+' }, 'removed', true).preTokenize([upper]);
    const rewritten = new WordNGrams(3).preTokenize(split);
    expect(plain.map((w) => w.normalized)).toEqual(rewritten.map((w) => w.normalized));
    expect(plain.map(spans)).toEqual(rewritten.map(spans));
    expect(plain[1]!.identityBase).toBe(0); // 'ab cd': the 1:1 path was taken
    expect(rewritten[1]!.identityBase).toBeNull();
  });

  it('leaves one word, no words and n = 1 alone', () => {
    expect(run(new WordNGrams(2), 'solo')).toEqual([['solo', [0, 4]]]);
    expect(run(new WordNGrams(2), '   ')).toEqual([]);
    expect(run(new WordNGrams(1), 'a b').map(([t]) => t)).toEqual(['a', 'b']);
  });

  it('a bigram of normalized words points at the original characters', () => {
    const ns = NormalizedString.from('XY Z').mapChars((c) => (c === 'X' ? 'ab' : c.toLowerCase()));
    const pieces = new Split({ regex: '\\S+' }, 'removed', true).preTokenize([ns]);
    const out = new WordNGrams(2).preTokenize(pieces);
    expect(out.map((w) => [w.normalized, w.offsets(0, w.length)])).toEqual([
      ['aby', [0, 2]],
      ['aby z', [0, 4]],
      ['z', [3, 4]],
    ]);
  });

  it('round-trips through tokenizer.json and rejects bad fields', () => {
    const p = new WordNGrams(2);
    expect(p.toJSON()).toEqual({ type: 'WordNGrams', n: 2, separator: ' ' });
    const back = preTokenizerFromJson(JSON.parse(JSON.stringify(p.toJSON())));
    expect(back).toBeInstanceOf(WordNGrams);
    expect((back as WordNGrams).n).toBe(2);
    expect(() => preTokenizerFromJson({ type: 'WordNGrams', n: 0 })).toThrow(/positive integer/);
    expect(() => preTokenizerFromJson({ type: 'WordNGrams', n: '2' })).toThrow(/pre_tokenizer.*n:/);
  });
});
