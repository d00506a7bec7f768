import { describe, expect, it } from 'vitest';
import { tokenizerFromString, tokenizerToJson } from '../serialization.js';
import { encodeFirst, encodeFirstIds } from './encode_first.js';
import {
  WORDS_ONLY,
  type WordLevelOptions,
  WordLevelTokenizer,
  wordLevelTokenizer,
} from './word_level.js';

// The word tokenizer the shipped IMDB sentiment model was trained with (datasets'
// `wordTokenize` before it moved here), kept as the reference the preset must match.
const referenceWords = (text: string): string[] =>
  text
    .replace(/<br\s*\/?>/gi, ' ')
    .toLowerCase()
    .match(/[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu) ?? [];
const referenceBigrams = (text: string): string[] => {
  const w = referenceWords(text);
  const out: string[] = [];
  w.forEach((x, i) => {
    if (i > 0) out.push(`${w[i - 1]} ${x}`);
    out.push(x);
  });
  return out;
};

const SENTIMENT: WordLevelOptions = { cleanHtml: true, pattern: WORDS_ONLY, unmatched: 'drop' };
const TRICKY = [
  "It's <br />GREAT!<BR/>I'd say 10/10 -- rock'n'roll'",
  "a''b 'quoted' x' 'y naïve CAFÉ 東京 ٣٤ emoji😀ok",
  'Ünïcödé…dots<br>line<br  />break   tabs\tand\nnewlines',
  '',
  '!!!',
];

describe('wordLevelTokenizer', () => {
  it('words only (drop unmatched): the same tokens as the sentiment reference', () => {
    const tok = wordLevelTokenizer(['<pad>', '<unk>'], SENTIMENT);
    for (const t of TRICKY) expect(tok.preTokenize(t).map(([w]) => w)).toEqual(referenceWords(t));
    const bi = wordLevelTokenizer(['<pad>', '<unk>'], { ...SENTIMENT, ngrams: 2 });
    for (const t of TRICKY) expect(bi.preTokenize(t).map(([w]) => w)).toEqual(referenceBigrams(t));
  });

  it('default: words and single symbols, with offsets into the original text', () => {
    const tok = wordLevelTokenizer(['<pad>', '<unk>', "don't", 'stop'], {});
    const enc = tok.encode("Don't STOP. Now");
    expect(enc.tokens).toEqual(["don't", 'stop', '<unk>', '<unk>']);
    expect(enc.ids).toEqual([2, 3, 1, 1]);
    expect(enc.offsets).toEqual([
      [0, 5],
      [6, 10],
      [10, 11],
      [12, 15],
    ]);
  });

  it('bigram tokens span both words; unknown bigrams become <unk>', () => {
    const tok = wordLevelTokenizer(['<pad>', '<unk>', 'not', 'bad', 'not bad'], {
      ...SENTIMENT,
      ngrams: 2,
    });
    const enc = tok.encode('Not<br />bad, Not good');
    expect(enc.tokens).toEqual(['not', 'not bad', 'bad', '<unk>', 'not', '<unk>', '<unk>']);
    expect(enc.offsets.slice(0, 3)).toEqual([
      [0, 3],
      [0, 12],
      [9, 12],
    ]);
  });

  it('round-trips through tokenizer.json', () => {
    const tok = wordLevelTokenizer(['<pad>', '<unk>', 'a b', 'a'], { ...SENTIMENT, ngrams: 2 });
    const json = JSON.stringify(tokenizerToJson(tok));
    expect(json).toContain('"WordNGrams"');
    expect(json).toContain('"HtmlLineBreaks"');
    const back = tokenizerFromString(json);
    for (const t of TRICKY) expect(back.encode(t).ids).toEqual(tok.encode(t).ids);
    expect(back.encode('A<br>b').tokens).toEqual(['a', 'a b', '<unk>']);
  });

  it('refuses a vocabulary without the unknown token and bad n-grams', () => {
    expect(() => wordLevelTokenizer(['a'])).toThrow(/unknown token "<unk>"/);
    expect(() => wordLevelTokenizer(['<unk>'], { ngrams: 3 as 2 })).toThrow(
      /ngrams must be 1 or 2/,
    );
  });
});

describe('WordLevelTokenizer.train', () => {
  const texts = ['the cat sat', 'the cat ran', 'The dog sat!', 'a b'];

  it('specials first, then by count, ties in code point order, minCount and vocabSize', () => {
    const tok = WordLevelTokenizer.train(texts, { vocabSize: 6, minCount: 2 });
    const vocab = [...tok.model.getVocab()].sort((x, y) => x[1] - y[1]).map(([t]) => t);
    expect(vocab).toEqual(['<pad>', '<unk>', 'the', 'cat', 'sat']);
    const small = WordLevelTokenizer.train(texts, { vocabSize: 4 });
    expect(small.getVocabSize()).toBe(4);
  });

  it('counts bigrams with ngrams: 2, and only the first maxTokens tokens', () => {
    const bi = WordLevelTokenizer.train(texts, {
      ...SENTIMENT,
      ngrams: 2,
      vocabSize: 100,
      minCount: 2,
    });
    expect(bi.tokenToId('the cat')).toBeDefined();
    const first = WordLevelTokenizer.train(texts, { vocabSize: 100, maxTokens: 1 });
    expect([...first.model.getVocab().keys()].sort()).toEqual(['<pad>', '<unk>', 'a', 'the']);
  });

  it('trainAsync matches train', async () => {
    async function* gen() {
      yield* texts;
    }
    const a = await WordLevelTokenizer.trainAsync(gen(), { vocabSize: 50, maxTokens: 2 });
    const b = WordLevelTokenizer.train(texts, { vocabSize: 50, maxTokens: 2 });
    expect(tokenizerToJson(a)).toEqual(tokenizerToJson(b));
    expect(() => WordLevelTokenizer.train(texts, { vocabSize: 0 })).toThrow(/vocabSize/);
  });
});

describe('encodeFirst', () => {
  const cases: Array<[string, WordLevelOptions]> = [
    ['words and symbols', {}],
    ['words, bigrams, <br />', { ...SENTIMENT, ngrams: 2 }],
  ];
  it.each(cases)('%s: the same as encoding everything and truncating', (_, options) => {
    const tok = wordLevelTokenizer(['<pad>', '<unk>', 'the', 'cat', 'the cat', "don't"], options);
    const unit = "The cat<br />don't, sat. ";
    for (const text of [unit.repeat(200), `${unit.repeat(30)}don't`, 'x'.repeat(5000), '', 'a b']) {
      const full = tok.encode(text);
      for (const limit of [0, 1, 2, 7, 100, 2000]) {
        const { encoding, truncated } = encodeFirst(tok, text, limit);
        expect(encoding.ids).toEqual(full.ids.slice(0, limit));
        expect(encoding.offsets).toEqual(full.offsets.slice(0, limit));
        expect(truncated).toBe(full.length > limit);
        const first = encodeFirstIds(tok, text, limit);
        expect(first.ids).toEqual(full.ids.slice(0, limit));
        expect(first.truncated).toBe(full.length > limit);
      }
    }
  });
});

describe('Tokenizer.encodeIds', () => {
  it('gives encode ids and offsets, added tokens and truncation included', () => {
    const tok = wordLevelTokenizer(['<pad>', '<unk>', 'the', 'cat', 'the cat'], {
      ...SENTIMENT,
      ngrams: 2,
    });
    tok.addTokens(['[X]']);
    tok.addSpecialTokens(['<S>']);
    const text = 'The <S>cat[X] THE cat<br />ünknown the';
    const check = () => {
      const full = tok.encode(text);
      const got = tok.encodeIds(text);
      expect(got.ids).toEqual(full.ids);
      expect(got.starts).toEqual(full.offsets.map((o) => o[0]));
      expect(got.ends).toEqual(full.offsets.map((o) => o[1]));
      return got.ids.length;
    };
    expect(check()).toBeGreaterThan(6);
    tok.setTruncation({ maxLength: 3 });
    expect(check()).toBe(3);
  });
});
