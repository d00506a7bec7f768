// The news models' tokenizer: @tfnlp/tokenizers' word-level preset (Lowercase + Split +
// WordLevel, a Hugging Face tokenizer.json), checked on the shipped files with no app class,
// against the regex tokenizer the app had first.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  encodeFirst,
  Tokenizer,
  tokenizerFromString,
  tokenizerToJson,
  WordLevelTokenizer,
  wordLevelTokenizer,
} from '@tfnlp/tokenizers';
import { describe, expect, it, vi } from 'vitest';
import { encodeIds, newsTokenizer, TOKENIZER_OPTIONS, type Token } from '../src/model.js';
import { EXAMPLES } from './examples.js';

const modelsDir = join(import.meta.dirname, '..', 'public', 'models');
const SHIPPED = (
  JSON.parse(readFileSync(join(modelsDir, 'index.json'), 'utf8')) as Array<{ id: string }>
).map((m) => m.id);

/**
 * The tokenizer the app had before @tfnlp/tokenizers (kept here as the reference); `text` is the
 * word. One deliberate difference: tokenizer.json patterns are Oniguruma, as in HF, whose `\s`
 * includes U+0085 (NEL) and excludes U+FEFF (BOM), unlike JavaScript's, so the reference reads
 * `\s` that way too.
 */
const OLD_WORD = /[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{M}]+)?|[^\s\p{L}\p{N}\p{M}\u0085]|\ufeff/gu;
function oldTokens(text: string): Token[] {
  return [...text.matchAll(OLD_WORD)].map((m) => ({
    text: m[0].toLowerCase(),
    start: m.index,
    end: m.index + m[0].length,
  }));
}

const EDGE_CASES = [
  '',
  '   \n\t ',
  "  Hello, World! Don't\tstop — 3-1 Ποδόσφαιρο 足球",
  "it's the players' cup: O’Neill’s 2-1 win (rock'n'roll) ''quoted'' ’twas",
  'e-mail: j.doe@cs.cmu.edu, http://www.example.com/a?b=1&c=2 #tag $5.00 50% x^2',
  '<script>alert("x")</script> <unk> <pad> &amp; &lt;b&gt;',
  'İstanbul ǅemal ﬁnance ẞtraße Ⅻ ⓐⒷ e\u0301te\u0301 café',
  'Русский текст, العربية, עברית, हिन्दी, 日本語のテキスト, 한국어',
  '😀👍🏽 family: 👨‍👩‍👧 flags 🇬🇧 \u200b zero\u200dwidth',
  'NUL\u0000 controls\u0007\u001b bom\ufeffx nel\u0085y nbsp\u00a0z lone\ud800 surrogate\udfff',
  'CAPS LOCK HEADLINE: MARKETS RALLY!!! ... ???',
  '1,000,000 3.14159 1e10 0x1F 2024-11-29',
];

const vocabOf = (tok: Tokenizer): string[] => {
  const out: string[] = [];
  for (const [t, id] of tok.model.getVocab()) out[id] = t;
  return out;
};

describe.each(SHIPPED)('tokenizer of the shipped model %s', (id) => {
  const file = readFileSync(join(modelsDir, id, 'tokenizer.json'), 'utf8');
  const tok = tokenizerFromString(file);
  const tokens = vocabOf(tok);
  const index = new Map(tokens.map((t, i) => [t, i]));

  it('is the word-level preset with the news options, as a Hugging Face WordLevel tokenizer.json', () => {
    const parsed = JSON.parse(file);
    expect(parsed.model.type).toBe('WordLevel');
    expect(parsed.normalizer.type).toBe('Lowercase');
    expect(parsed.added_tokens).toEqual([]);
    expect(tokens.slice(0, 2)).toEqual(['<pad>', '<unk>']);
    expect(tokenizerToJson(wordLevelTokenizer(tokens, TOKENIZER_OPTIONS))).toEqual(
      tokenizerToJson(tok),
    );
  });

  it('encodes every vocabulary word as itself', () => {
    const bad = tokens.slice(2).filter((w, i) => {
      const e = tok.encode(w);
      return e.ids.length !== 1 || e.ids[0] !== i + 2;
    });
    expect(bad).toEqual([]);
  });

  it('gives the same offsets and ids as the old regex tokenizer', () => {
    for (const text of [...EXAMPLES.map((e) => e.text), ...EDGE_CASES]) {
      const want = oldTokens(text);
      const got = tok.encode(text);
      expect(got.offsets, text).toEqual(want.map((t) => [t.start, t.end]));
      expect(got.tokens, text).toEqual(want.map((t) => (index.has(t.text) ? t.text : '<unk>')));
      expect(got.ids, text).toEqual(want.map((t) => index.get(t.text) ?? 1));
      for (const limit of [1, 5]) {
        const ids = want.slice(0, limit).map((t) => index.get(t.text) ?? 1);
        expect(Array.from(encodeIds(tok, text, limit))).toEqual(ids.length ? ids : [1]);
      }
    }
  });
});

describe('the news tokenizer options', () => {
  const tok = wordLevelTokenizer(['<pad>', '<unk>', 'οδοσ'], TOKENIZER_OPTIONS);

  it('lowercases per character: a word-final Σ reads σ (HF), where toLowerCase gave ς', () => {
    expect(tok.encode('ΟΔΟΣ ΟΔΟΣ.').tokens).toEqual(['οδοσ', 'οδοσ', '<unk>']);
    expect(oldTokens('ΟΔΟΣ').map((t) => t.text)).toEqual(['οδος']);
  });

  it('classify reads only what maxLength tokens need (a 1 MB paste costs what 512 tokens cost)', () => {
    const big = 'word '.repeat(220_000);
    const spy = vi.spyOn(Tokenizer.prototype, 'encode');
    const { encoding, truncated } = encodeFirst(tok, big, 512);
    const lengths = spy.mock.calls.map(([text]) => text.length);
    spy.mockRestore();
    expect(lengths.length).toBeGreaterThan(0);
    expect(Math.max(...lengths)).toBeLessThan(64 * 512);
    expect(encoding.length).toBe(512);
    expect(truncated).toBe(true);
    expect(encoding.offsets[511]).toEqual([2555, 2559]);
  });

  it('trains a vocabulary: most frequent first, ties in code point order, minCount, vocabSize', () => {
    const texts = ['The cat and THE dog.', 'the Dog, the cat; a bird', 'zebra zebra zebra'];
    const trained = WordLevelTokenizer.train(texts, {
      ...TOKENIZER_OPTIONS,
      vocabSize: 100,
      minCount: 2,
    });
    // the 4, zebra 3, cat 2, dog 2; '.', ',', ';', 'a', 'and', 'bird' once.
    expect(vocabOf(trained)).toEqual(['<pad>', '<unk>', 'the', 'zebra', 'cat', 'dog']);
    // A literal "<unk>" in the text is three tokens, not the special token.
    expect(trained.encode('<unk> cat').tokens).toEqual(['<unk>', '<unk>', '<unk>', 'cat']);
    expect(trained.encode('The bird cat').ids).toEqual([2, 1, 4]);
    // maxTokens: only the first 3 tokens count ('the cat and' / 'the dog ,' / 'zebra zebra zebra').
    const first = WordLevelTokenizer.train(texts, {
      ...TOKENIZER_OPTIONS,
      vocabSize: 100,
      minCount: 2,
      maxTokens: 3,
    });
    expect(vocabOf(first)).toEqual(['<pad>', '<unk>', 'zebra', 'the']);
  });

  it('newsTokenizer reads a WordLevel tokenizer.json and rejects other files', () => {
    const json = JSON.stringify(tokenizerToJson(tok));
    expect(newsTokenizer(json).getVocabSize()).toBe(3);
    expect(() => newsTokenizer('{"type":"x"}')).toThrow(/not a news tokenizer/);
  });
});
