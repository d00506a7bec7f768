import { describe, expect, it } from 'vitest';
import { NormalizedString } from './normalized_string.js';
import { tokenizerFromJson } from './serialization.js';

describe('NormalizedString alignment', () => {
  it('is the identity until something changes, and slices are O(1) views', () => {
    const ns = NormalizedString.from('hello world');
    expect(ns.mapChars((c) => c)).toBe(ns);
    const w = ns.slice(6, 11);
    expect([w.normalized, w.offsets(0, 5)]).toEqual(['world', [6, 11]]);
  });

  it.each([
    // [input, rewrite, expected text, [range in normalized, expected original offsets]]
    ['Héllo', (c: string) => c.toLowerCase(), 'héllo', [1, 3], [1, 3]],
    ['a中b', (c: string) => (c === '中' ? ' 中 ' : c), 'a 中 b', [2, 3], [1, 2]],
    ['x\u0000y', (c: string) => (c === '\u0000' ? '' : c), 'xy', [1, 2], [2, 3]],
    ['İx', (c: string) => c.toLowerCase(), 'i\u0307x', [0, 2], [0, 1]],
    ['😀a', (c: string) => (c === 'a' ? 'A' : c), '😀A', [2, 3], [2, 3]],
  ] as const)('mapChars(%j)', (input, fn, text, [a, b], offsets) => {
    const ns = NormalizedString.from(input).mapChars(fn);
    expect(ns.normalized).toBe(text);
    expect(ns.offsets(a, b)).toEqual(offsets);
  });

  it('tracks NFD / NFC through segments, including surrogate pairs', () => {
    const nfd = NormalizedString.from('é😀é').mapSegments(
      (s) => s.normalize('NFD'),
      (cp) => cp === 0x301,
    );
    expect(nfd.normalized).toBe('e\u0301😀e\u0301');
    expect(nfd.offsets(0, 2)).toEqual([0, 1]);
    expect(nfd.offsets(2, 4)).toEqual([1, 3]);
    expect(nfd.offsets(4, 6)).toEqual([3, 4]);
    const nfc = nfd.mapSegments(
      (s) => s.normalize('NFC'),
      (cp) => cp === 0x301,
    );
    expect([nfc.normalized, nfc.offsets(3, 4)]).toEqual(['é😀é', [3, 4]]);
  });

  it('maps empty ranges to a point and keeps the base of a slice', () => {
    const ns = NormalizedString.from('abc', 10);
    expect(ns.offsets(1, 1)).toEqual([11, 11]);
    expect(ns.offsets(0, 3)).toEqual([10, 13]);
    expect(NormalizedString.from('', 5).offsets(0, 0)).toEqual([5, 5]);
  });
});

describe('offsets after (de)composition followed by a combining mark (HF native 0.23.2)', () => {
  // Offsets HF's binding gives with normalizer X, Split on '.' (Isolated), WordLevel.
  const cases: Array<[string, string, Array<[number, number]>]> = [
    [
      'NFD',
      'x 쇚\uFE0D y',
      [
        [0, 1],
        [1, 2],
        [2, 3],
        [2, 3],
        [2, 3],
        [3, 4],
        [4, 5],
        [5, 6],
      ],
    ],
    [
      'NFKD',
      'x \uAC00\u11A8\u0301 y',
      [
        [0, 1],
        [1, 2],
        [2, 3],
        [2, 3],
        [3, 4],
        [4, 5],
        [5, 6],
        [6, 7],
      ],
    ],
    [
      'NFD',
      'Å\uFE0F x',
      [
        [0, 1],
        [0, 1],
        [1, 2],
        [2, 3],
        [3, 4],
      ],
    ],
  ];
  it.each(cases)('%s %j', (form, text, want) => {
    const tok = tokenizerFromJson({
      normalizer: { type: form },
      pre_tokenizer: {
        type: 'Split',
        pattern: { Regex: '.' },
        behavior: 'Isolated',
        invert: false,
      },
      model: { type: 'WordLevel', vocab: { '[UNK]': 0 }, unk_token: '[UNK]' },
    });
    expect(tok.encode(text).offsets).toEqual(want);
  });
});
