import { describe, expect, it } from 'vitest';
import { tokenizerFromJson } from '../serialization.js';
import { fixture } from './fixtures.js';

// Every Split behavior x invert against HF native (fixtures/real/split.json, written by
// scripts/make-real-fixtures.mjs): the pieces are the offsets of one [UNK] token per piece.
interface SplitCase {
  pattern: Record<string, string>;
  behavior: string;
  invert: boolean;
  text: string;
  pieces: Array<[number, number]>;
}

describe('Split behaviors x invert equal HF', () => {
  const { cases } = fixture<{ cases: SplitCase[] }>('real/split.json');
  const groups = new Map<string, SplitCase[]>();
  for (const c of cases) {
    const k = JSON.stringify([c.pattern, c.behavior, c.invert]);
    groups.set(k, [...(groups.get(k) ?? []), c]);
  }
  it.each([...groups.keys()])('%s', (k) => {
    const [pattern, behavior, invert] = JSON.parse(k);
    const tok = tokenizerFromJson({
      pre_tokenizer: { type: 'Split', pattern, behavior, invert },
      model: { type: 'WordLevel', vocab: { '[UNK]': 0 }, unk_token: '[UNK]' },
    });
    for (const c of groups.get(k)!) {
      expect({ text: c.text, pieces: tok.encode(c.text).offsets }).toEqual({
        text: c.text,
        pieces: c.pieces,
      });
    }
  });

  it('keeps touching inverted matches apart (issue #19)', () => {
    const tok = tokenizerFromJson({
      pre_tokenizer: {
        type: 'Split',
        pattern: { Regex: '\\p{N}{1,3}| ?\\p{L}+|\\s+' },
        behavior: 'Isolated',
        invert: true,
      },
      model: { type: 'WordLevel', vocab: { '[UNK]': 0 }, unk_token: '[UNK]' },
    });
    const text = '1999 and 12345';
    const pieces = tok.encode(text).offsets.map(([a, b]) => text.slice(a, b));
    expect(pieces).toEqual(['199', '9', ' and', ' ', '123', '45']);
  });
});
