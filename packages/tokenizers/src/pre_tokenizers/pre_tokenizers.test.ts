import { describe, expect, it } from 'vitest';
import { NormalizedString } from '../normalized_string.js';
import { BertPreTokenizer } from './bert.js';
import { ByteLevel } from './byte_level.js';
import { CjkChars } from './cjk.js';
import { Digits } from './digits.js';
import { Metaspace } from './metaspace.js';
import type { PreTokenizer } from './pre_tokenizer.js';
import { Punctuation } from './punctuation.js';
import { PreTokenizerSequence } from './sequence.js';
import { Split } from './split.js';
import { Whitespace } from './whitespace.js';
import { WhitespaceSplit } from './whitespace_split.js';

type Piece = [string, [number, number]];
const run = (p: PreTokenizer, s: string): Piece[] =>
  p.preTokenize([NormalizedString.from(s)]).map((w) => [w.normalized, w.offsets(0, w.length)]);

const CASES: Array<[string, PreTokenizer, string, Piece[]]> = [
  [
    'Whitespace',
    new Whitespace(),
    "Hey friend!! I'm",
    [
      ['Hey', [0, 3]],
      ['friend', [4, 10]],
      ['!!', [10, 12]],
      ['I', [13, 14]],
      ["'", [14, 15]],
      ['m', [15, 16]],
    ],
  ],
  [
    'Whitespace unicode \\w',
    new Whitespace(),
    'naïve_x ٣',
    [
      ['naïve_x', [0, 7]],
      ['٣', [8, 9]],
    ],
  ],
  [
    'WhitespaceSplit',
    new WhitespaceSplit(),
    'a  b\u3000c!',
    [
      ['a', [0, 1]],
      ['b', [3, 4]],
      ['c!', [5, 7]],
    ],
  ],
  [
    'Punctuation',
    new Punctuation(),
    'Hi,there!',
    [
      ['Hi', [0, 2]],
      [',', [2, 3]],
      ['there', [3, 8]],
      ['!', [8, 9]],
    ],
  ],
  [
    'Punctuation merged with previous',
    new Punctuation('mergedWithPrevious'),
    'a,b',
    [
      ['a,', [0, 2]],
      ['b', [2, 3]],
    ],
  ],
  [
    'Digits',
    new Digits(),
    'Call 123',
    [
      ['Call ', [0, 5]],
      ['123', [5, 8]],
    ],
  ],
  [
    'Digits individual',
    new Digits(true),
    'a12',
    [
      ['a', [0, 1]],
      ['1', [1, 2]],
      ['2', [2, 3]],
    ],
  ],
  [
    'Bert',
    new BertPreTokenizer(),
    'Hello, world!',
    [
      ['Hello', [0, 5]],
      [',', [5, 6]],
      ['world', [7, 12]],
      ['!', [12, 13]],
    ],
  ],
  [
    'ByteLevel',
    new ByteLevel(),
    'Hello world',
    [
      ['ĠHello', [0, 5]],
      ['Ġworld', [5, 11]],
    ],
  ],
  [
    'ByteLevel bytes',
    new ByteLevel({ addPrefixSpace: false }),
    "é's  x",
    [
      ['Ã©', [0, 1]],
      ["'s", [1, 3]],
      ['Ġ', [3, 4]],
      ['Ġx', [4, 6]],
    ],
  ],
  ['ByteLevel no regex', new ByteLevel({ useRegex: false }), 'a b', [['ĠaĠb', [0, 3]]]],
  [
    'Metaspace',
    new Metaspace(),
    'Hey friend',
    [
      ['▁Hey', [0, 3]],
      ['▁friend', [3, 10]],
    ],
  ],
  [
    'Metaspace never',
    new Metaspace({ prependScheme: 'never' }),
    'a b',
    [
      ['a', [0, 1]],
      ['▁b', [1, 3]],
    ],
  ],
  [
    'CJKChars',
    new CjkChars(),
    '我爱NLP한국',
    [
      ['我', [0, 1]],
      ['爱', [1, 2]],
      ['NLP', [2, 5]],
      ['한', [5, 6]],
      ['국', [6, 7]],
    ],
  ],
  [
    'Split removed',
    new Split({ string: '-' }, 'removed'),
    'a-b--c',
    [
      ['a', [0, 1]],
      ['b', [2, 3]],
      ['c', [5, 6]],
    ],
  ],
  [
    'Split isolated',
    new Split({ string: '-' }, 'isolated'),
    'a-b',
    [
      ['a', [0, 1]],
      ['-', [1, 2]],
      ['b', [2, 3]],
    ],
  ],
  [
    'Split mergedWithNext',
    new Split({ string: '-' }, 'mergedWithNext'),
    'a-b--c',
    [
      ['a', [0, 1]],
      ['-b', [1, 3]],
      ['-', [3, 4]],
      ['-c', [4, 6]],
    ],
  ],
  [
    'Split contiguous',
    new Split({ string: '-' }, 'contiguous'),
    'a-b--c',
    [
      ['a', [0, 1]],
      ['-', [1, 2]],
      ['b', [2, 3]],
      ['--', [3, 5]],
      ['c', [5, 6]],
    ],
  ],
  [
    'Split regex inverted',
    new Split({ regex: '\\p{L}+' }, 'removed', true),
    'ab, cd',
    [
      ['ab', [0, 2]],
      ['cd', [4, 6]],
    ],
  ],
  [
    'Sequence',
    new PreTokenizerSequence([new WhitespaceSplit(), new Digits(true)]),
    'ab12 c',
    [
      ['ab', [0, 2]],
      ['1', [2, 3]],
      ['2', [3, 4]],
      ['c', [5, 6]],
    ],
  ],
];

describe('pre-tokenizers: (text, [(piece, offsets)])', () => {
  it.each(CASES)('%s', (_name, p, input, want) => {
    expect(run(p, input)).toEqual(want);
  });

  it('splits a 1 MB single word without hanging (no regex backtracking)', () => {
    const big = 'a'.repeat(1 << 20);
    for (const p of [new ByteLevel(), new Whitespace(), new BertPreTokenizer(), new Metaspace()]) {
      expect(run(p, big)).toHaveLength(1);
    }
  });
});
