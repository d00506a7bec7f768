import { describe, expect, it } from 'vitest';
import { BPE } from './bpe.js';
import { CharLevel } from './char_level.js';
import { WordLevel } from './word_level.js';
import { WordPiece } from './word_piece.js';

const toks = (t: Array<{ value: string; start: number; end: number }>) =>
  t.map((x) => [x.value, [x.start, x.end]]);

describe('WordLevel', () => {
  const m = new WordLevel({ hello: 0, world: 1, '[UNK]': 2 }, '[UNK]');
  it('maps whole words, unknown ones to the unk token', () => {
    expect(m.tokenize('hello').map((t) => t.id)).toEqual([0]);
    expect(toks(m.tokenize('hi'))).toEqual([['[UNK]', [0, 2]]]);
  });
  it('explains a missing unk token', () => {
    expect(() => new WordLevel({ a: 0 }).tokenize('b')).toThrow(/unk token "<unk>" is missing/);
  });
  it('rejects duplicate ids', () => {
    expect(() => new WordLevel({ a: 0, b: 0 })).toThrow(/id 0 is given to both "a" and "b"/);
  });
});

describe('WordPiece', () => {
  const m = new WordPiece({ '[UNK]': 0, un: 1, '##aff': 2, '##able': 3, a: 4, '##😀': 5, '😀': 6 });
  it.each([
    [
      'unaffable',
      [
        ['un', [0, 2]],
        ['##aff', [2, 5]],
        ['##able', [5, 9]],
      ],
    ],
    ['unknown', [['[UNK]', [0, 7]]]],
    [
      '😀😀',
      [
        ['😀', [0, 2]],
        ['##😀', [2, 4]],
      ],
    ],
    ['a'.repeat(101), [['[UNK]', [0, 101]]]],
  ])('%s', (word, want) => {
    expect(toks(m.tokenize(word))).toEqual(want);
  });
});

describe('BPE', () => {
  const vocab = { l: 0, o: 1, w: 2, e: 3, r: 4, lo: 5, low: 6, er: 7, '<unk>': 8 };
  const merges: Array<[string, string]> = [
    ['l', 'o'],
    ['lo', 'w'],
    ['e', 'r'],
  ];
  it('applies merges by rank with offsets', () => {
    const m = new BPE(vocab, merges);
    expect(toks(m.tokenize('lower'))).toEqual([
      ['low', [0, 3]],
      ['er', [3, 5]],
    ]);
  });
  it('drops unknown chars without an unk token; uses (and fuses) it with one', () => {
    expect(toks(new BPE(vocab, merges).tokenize('lxw'))).toEqual([
      ['l', [0, 1]],
      ['w', [2, 3]],
    ]);
    expect(
      toks(new BPE(vocab, merges, { unkToken: '<unk>', fuseUnk: true }).tokenize('lxxw')),
    ).toEqual([
      ['l', [0, 1]],
      ['<unk>', [1, 3]],
      ['w', [3, 4]],
    ]);
  });
  it('merges long words (heap path) exactly like short ones', () => {
    const m = new BPE(vocab, merges);
    const word = 'lowerlowlower'.repeat(20);
    const short = 'lowerlowlower'.repeat(1);
    const a = m.tokenize(word).map((t) => t.value);
    const b = Array.from({ length: 20 }, () => m.tokenize(short).map((t) => t.value)).flat();
    expect(a).toEqual(b);
    const big = 'lo'.repeat(500_000);
    expect(m.tokenize(big)).toHaveLength(500_000);
  });
  it('names the token a bad merge refers to', () => {
    expect(() => new BPE({ a: 0 }, [['a', 'b']])).toThrow(/merge #0 \("a", "b"\) uses "b"/);
  });
});

describe('CharLevel', () => {
  it('one token per code point', () => {
    const m = new CharLevel({ 我: 0, 爱: 1, '[UNK]': 2, '😀': 3 });
    expect(m.tokenize('我爱你😀').map((t) => [t.id, t.start, t.end])).toEqual([
      [0, 0, 1],
      [1, 1, 2],
      [2, 2, 3],
      [3, 3, 5],
    ]);
  });
});

describe('Trie', () => {
  it('finds every inserted token, across array growth', async () => {
    const { Trie } = await import('./trie.js');
    const t = new Trie();
    const words = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}`);
    for (const [i, w] of words.entries()) t.insert(w, i);
    words.forEach((w, i) => {
      let n = Trie.ROOT;
      for (let k = 0; k < w.length; k++) n = t.step(n, w.charCodeAt(k));
      expect(t.idAt(n)).toBe(i);
    });
    expect(t.step(Trie.ROOT, 'z'.charCodeAt(0))).toBe(-1);
  });
});
