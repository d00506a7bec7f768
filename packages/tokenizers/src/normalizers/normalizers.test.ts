import { describe, expect, it } from 'vitest';
import { NormalizedString } from '../normalized_string.js';
import { BertNormalizer } from './bert.js';
import { HtmlLineBreaks } from './html_line_breaks.js';
import { Lowercase } from './lowercase.js';
import type { Normalizer } from './normalizer.js';
import { Replace } from './replace.js';
import { NormalizerSequence } from './sequence.js';
import { Strip } from './strip.js';
import { StripAccents } from './strip_accents.js';
import { NFC, NFD, NFKC, NFKD } from './unicode.js';

// (normalizer, input, normalized, [a normalized range, its original offsets])
const CASES: Array<[string, Normalizer, string, string, [number, number], [number, number]]> = [
  ['Lowercase', new Lowercase(), 'HÉLLO ΟΔΟΣ', 'héllo οδοσ', [6, 10], [6, 10]],
  ['NFD', NFD(), 'café', 'cafe\u0301', [3, 5], [3, 4]],
  ['NFC', NFC(), 'cafe\u0301', 'café', [0, 4], [0, 4]],
  ['NFKC', NFKC(), 'ﬁne ①', 'fine 1', [0, 2], [0, 1]],
  ['NFKD', NFKD(), 'ｈé', 'he\u0301', [1, 3], [1, 2]],
  [
    'StripAccents',
    new NormalizerSequence([NFD(), new StripAccents()]),
    'naïve',
    'naive',
    [2, 3],
    [2, 3],
  ],
  ['Strip', new Strip(), '  hi\u3000', 'hi', [0, 2], [2, 4]],
  ['Strip left only', new Strip(true, false), ' a ', 'a ', [0, 1], [1, 2]],
  ['Replace string', new Replace({ string: '``' }, '"'), 'say ``hi``', 'say "hi"', [5, 7], [6, 8]],
  ['Replace regex', new Replace({ regex: '\\s+' }, ' '), 'a \t\n b', 'a b', [2, 3], [5, 6]],
  ['HtmlLineBreaks', new HtmlLineBreaks(), 'Good.<br /><BR>Bad', 'Good.  Bad', [7, 10], [15, 18]],
  ['Bert', new BertNormalizer(), 'Héllo\tWORLD\u0000!', 'hello world!', [6, 11], [6, 11]],
  ['Bert chinese', new BertNormalizer(), '我爱NLP', ' 我  爱 nlp', [6, 9], [2, 5]],
  ['Bert keeps case', new BertNormalizer({ lowercase: false }), 'Héllo', 'Héllo', [0, 5], [0, 5]],
  [
    'Bert strips accents when asked',
    new BertNormalizer({ lowercase: false, stripAccents: true }),
    'Héllo',
    'Hello',
    [0, 5],
    [0, 5],
  ],
  // Chars newer than HF's normalization data: HF (expected values from its 0.23.2 binding)
  // neither reorders marks across them nor (de)composes them; Node's ICU does both.
  [
    'NFD, mark run around U+0EBA',
    NFD(),
    'e\u0301\u0345\u0eba\u0334',
    'e\u0301\u0345\u0eba\u0334',
    [3, 4],
    [3, 4],
  ],
  ['NFD, a composite HF lacks', NFD(), 'a\u{11383}', 'a\u{11383}', [1, 3], [1, 3]],
  [
    'NFC, parts of a composite HF lacks',
    NFC(),
    'a\u{11382}\u{113c9}',
    'a\u{11382}\u{113c9}',
    [3, 5],
    [3, 5],
  ],
  ['NFKD, compat char HF lacks', NFKD(), 'x\u{1ccd6}\u00bd', 'x\u{1ccd6}1\u20442', [3, 4], [3, 4]],
  [
    'Bert, mark run around U+0EBA',
    new BertNormalizer(),
    '\u00c9\u0eba\u0334\u032c',
    'e\u0eba',
    [1, 2],
    [1, 2],
  ],
];

describe('normalizers', () => {
  it.each(CASES)('%s', (_name, n, input, normalized, range, offsets) => {
    const ns = n.normalize(NormalizedString.from(input));
    expect(ns.normalized).toBe(normalized);
    expect(ns.offsets(range[0], range[1])).toEqual(offsets);
  });

  it('serializes to HF JSON', () => {
    expect(new BertNormalizer().toJSON()).toEqual({
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    });
    expect(new Replace({ regex: 'a+' }, 'b').toJSON()).toEqual({
      type: 'Replace',
      pattern: { Regex: 'a+' },
      content: 'b',
    });
  });

  it('rejects an empty pattern with a clear message', () => {
    expect(() => new Replace({ string: '' }, 'x')).toThrow(/pattern string is empty/);
    expect(() => new Replace({ regex: '(' }, 'x')).toThrow(/Replace.pattern.Regex: unbalanced/);
    expect(() => new Replace({ regex: '(' }, 'x')).toThrow(/is not closed/);
  });
});
