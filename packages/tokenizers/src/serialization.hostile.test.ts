import { describe, expect, it } from 'vitest';
import { tokenizerFromJson } from './serialization.js';

// Hostile or careless tokenizer.json fields (issue #18): each a one-line error at load that
// names the field, never an abort or a hang at encode.
const base = () => ({
  model: { type: 'WordLevel', vocab: { a: 0, '[PAD]': 1 }, unk_token: 'a' },
  pre_tokenizer: { type: 'Whitespace' },
});

describe('tokenizer.json: hostile fields fail at load with the JSON path', () => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    [
      'padding Fixed 1e9',
      { padding: { strategy: { Fixed: 1e9 } } },
      /^padding\.strategy\.Fixed: expected an integer from 1 to 1,048,576, got 1000000000$/,
    ],
    ['padding Fixed 0', { padding: { strategy: { Fixed: 0 } } }, /^padding\.strategy\.Fixed:/],
    ['padding Fixed 2.5', { padding: { strategy: { Fixed: 2.5 } } }, /^padding\.strategy\.Fixed:/],
    [
      'pad_to_multiple_of -8',
      { padding: { strategy: 'BatchLongest', pad_to_multiple_of: -8 } },
      /^padding\.pad_to_multiple_of:/,
    ],
    ['pad_id -1', { padding: { strategy: 'BatchLongest', pad_id: -1 } }, /^padding\.pad_id:/],
    [
      'truncation max_length 1e12',
      { truncation: { max_length: 1e12 } },
      /^truncation\.max_length:/,
    ],
    ['truncation max_length 0', { truncation: { max_length: 0 } }, /^truncation\.max_length:/],
    [
      'truncation stride >= max_length',
      { truncation: { max_length: 8, stride: 8 } },
      /^truncation\.stride: 8 must be smaller/,
    ],
    [
      'nested quantifier in Split',
      { pre_tokenizer: { type: 'Split', pattern: { Regex: '(a+)+$' }, behavior: 'Isolated' } },
      /^pre_tokenizer\.pattern\.Regex: nested unbounded quantifiers/,
    ],
    [
      'nested quantifier in Replace',
      { normalizer: { type: 'Replace', pattern: { Regex: '(x|xx)*y' }, content: '' } },
      /^normalizer\.pattern\.Regex: nested unbounded quantifiers/,
    ],
    [
      'untranslatable regex in a decoder',
      { decoder: { type: 'Replace', pattern: { Regex: '(?x) a' }, content: '' } },
      /^decoder\.pattern\.Regex: the extended-mode flag/,
    ],
  ];
  it.each(cases)('%s', (_, patch, err) => {
    expect(() => tokenizerFromJson({ ...base(), ...patch })).toThrow(err);
  });

  it('accepts sane lengths and pads as asked', () => {
    const tok = tokenizerFromJson({
      ...base(),
      padding: { strategy: { Fixed: 4 }, pad_id: 1, pad_token: '[PAD]' },
      truncation: { max_length: 3, stride: 1 },
    });
    expect(tok.encode('a a a a a').ids).toEqual([0, 0, 0, 1]);
  });
});
