// The app's tokenizer (@tfnlp/tokenizers: Lowercase + Split + WordLevel, saved as a Hugging Face
// tokenizer.json) against the regex tokenizer it replaced, on the shipped vocabularies.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer, tokenizerFromString } from '@tfnlp/tokenizers';
import { describe, expect, it, vi } from 'vitest';
import { EXAMPLES } from '../src/examples.js';
import { NewsTokenizer, type Token, tokenize, tokenizeWithOffsets } from '../src/tokenizer.js';

const modelsDir = join(import.meta.dirname, '..', 'public', 'models');
const SHIPPED = (
  JSON.parse(readFileSync(join(modelsDir, 'index.json'), 'utf8')) as Array<{ id: string }>
).map((m) => m.id);

/** The tokenizer the app had before @tfnlp/tokenizers (kept here as the reference). */
const OLD_WORD = /[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{M}]+)?|[^\s\p{L}\p{N}\p{M}]/gu;
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

describe.each(SHIPPED)('tokenizer of the shipped model %s', (id) => {
  const file = readFileSync(join(modelsDir, id, 'tokenizer.json'), 'utf8');
  const tok = NewsTokenizer.fromJSON(file);
  const index = new Map(tok.tokens.map((t, i) => [t, i]));

  it('is a Hugging Face WordLevel tokenizer.json', () => {
    const parsed = JSON.parse(file);
    expect(parsed.model.type).toBe('WordLevel');
    expect(parsed.normalizer.type).toBe('Lowercase');
    expect(parsed.added_tokens).toEqual([]);
    expect(tokenizerFromString(file).getVocabSize()).toBe(tok.size);
    expect(NewsTokenizer.fromJSON(tok.toJSON()).tokens).toEqual(tok.tokens);
  });

  it('encodes every vocabulary word as itself', () => {
    const bad = tok.tokens.slice(2).filter((w, i) => {
      const e = tok.encode(w);
      return e.ids.length !== 1 || e.ids[0] !== i + 2;
    });
    expect(bad).toEqual([]);
  });

  it('gives the same tokens, offsets and ids as the old regex tokenizer', () => {
    for (const text of [...EXAMPLES.map((e) => e.text), ...EDGE_CASES]) {
      const want = oldTokens(text);
      const got = tok.encode(text);
      expect(got.tokens, text).toEqual(want);
      expect(Array.from(got.ids), text).toEqual(want.map((t) => index.get(t.text) ?? 1));
      for (const limit of [0, 1, 5]) {
        expect(tok.encode(text, limit).tokens).toEqual(want.slice(0, limit));
      }
    }
  });
});

describe('NewsTokenizer', () => {
  it('lowercases per character: a word-final Σ reads σ (HF), where toLowerCase gave ς', () => {
    expect(tokenize('ΟΔΟΣ ΟΔΟΣ.')).toEqual(['οδοσ', 'οδοσ', '.']);
    expect(oldTokens('ΟΔΟΣ').map((t) => t.text)).toEqual(['οδος']);
  });

  it('stops scanning at the limit (a 1 MB paste costs what maxLength tokens cost)', () => {
    const big = 'word '.repeat(220_000);
    // What the pre-tokenizer is given: prefixes of the text, never the whole 1.1 MB.
    const spy = vi.spyOn(Tokenizer.prototype, 'preTokenize');
    const tokens = tokenizeWithOffsets(big, 512);
    const lengths = spy.mock.calls.map(([text]) => text.length);
    spy.mockRestore();
    expect(lengths.length).toBeGreaterThan(0);
    expect(Math.max(...lengths)).toBeLessThan(64 * 512);
    expect(tokens).toHaveLength(512);
    expect(tokens[511]).toEqual({ text: 'word', start: 2555, end: 2559 });
    // A word cut by a prefix is never returned cut.
    const long = `${'x'.repeat(5000)} y`;
    expect(tokenizeWithOffsets(long, 1)).toEqual([{ text: 'x'.repeat(5000), start: 0, end: 5000 }]);
    expect(tokenizeWithOffsets('', 10)).toEqual([]);
  });

  it('trains a vocabulary: most frequent first, ties in code point order, minCount, vocabSize', () => {
    const texts = ['The cat and THE dog.', 'the Dog, the cat; a bird', 'zebra zebra zebra'];
    const tok = NewsTokenizer.train(texts, { vocabSize: 100, minCount: 2 });
    // the 4, zebra 3, cat 2, dog 2; '.', ',', ';', 'a', 'and', 'bird' once.
    expect(tok.tokens).toEqual(['<pad>', '<unk>', 'the', 'zebra', 'cat', 'dog']);
    expect(NewsTokenizer.train(texts, { vocabSize: 4, minCount: 1 }).tokens).toEqual([
      '<pad>',
      '<unk>',
      'the',
      'zebra',
    ]);
    // A literal "<unk>" in the text is three tokens, not the special token.
    expect(tok.encode('<unk> cat').tokens.map((t) => t.text)).toEqual(['<', 'unk', '>', 'cat']);
    expect(Array.from(tok.encode('The bird cat').ids)).toEqual([2, 1, 4]);
  });

  it('maxTokens counts only the tokens a model reading that many sees', () => {
    const texts = ['The cat and THE dog.', 'the Dog, the cat; a bird', 'zebra zebra zebra'];
    // First 3 tokens: 'the cat and' / 'the dog ,' / 'zebra zebra zebra'.
    const tok = NewsTokenizer.train(texts, { vocabSize: 100, minCount: 2, maxTokens: 3 });
    expect(tok.tokens).toEqual(['<pad>', '<unk>', 'zebra', 'the']);
    // A prefix never cuts a word: 'zebra' is counted whole (once per text here).
    expect(
      NewsTokenizer.train(['zebras run', 'zebras'], { vocabSize: 10, minCount: 2, maxTokens: 1 })
        .tokens,
    ).toEqual(['<pad>', '<unk>', 'zebras']);
    expect(NewsTokenizer.train(['', 'a'], { vocabSize: 10, maxTokens: 0 }).tokens).toEqual([
      '<pad>',
      '<unk>',
    ]);
  });

  it('round-trips through JSON and rejects other files', () => {
    const tok = new NewsTokenizer(['<pad>', '<unk>', 'the', 'cup']);
    const again = NewsTokenizer.fromJSON(tok.toJSON());
    expect(Array.from(again.encode('The World Cup').ids)).toEqual([2, 1, 3]);
    expect(again.size).toBe(4);
    expect(() => NewsTokenizer.fromJSON('{"type":"x"}')).toThrow(/not a news tokenizer/);
    expect(() => new NewsTokenizer(['the', '<unk>'])).toThrow(/starts with <pad>, <unk>/);
  });
});
