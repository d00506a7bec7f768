import { describe, expect, it } from 'vitest';
import { flagsTokenizerJson } from '../../scripts/real_files.mjs';
import { tokenizerFromJson } from '../serialization.js';
import { fixture } from './fixtures.js';

// Added-token flags as HF's AddedVocabulary applies them (fixtures/real/added_flags.json,
// written by scripts/make-real-fixtures.mjs with HF native): lstrip / rstrip take the spaces
// next to a match, single_word drops matches touching a word char, normalized tokens match
// the normalized text (their content normalized too), special ones are skipped by decode.
interface Case {
  text: string;
  ids: number[];
  tokens: string[];
  offsets: Array<[number, number]>;
  decoded: string;
}

describe('added-token flags equal HF', () => {
  const tok = tokenizerFromJson(flagsTokenizerJson());
  const { cases } = fixture<{ cases: Case[] }>('real/added_flags.json');
  it.each(cases.slice(0, 11).map((c) => [c.text, c] as const))('%j', (_, c) => {
    const e = tok.encode(c.text);
    expect({ ids: e.ids, tokens: e.tokens, offsets: e.offsets }).toEqual({
      ids: c.ids,
      tokens: c.tokens,
      offsets: c.offsets,
    });
    expect(tok.decode(e.ids)).toBe(c.decoded);
  });

  it('and on the 207 hard strings', () => {
    for (const c of cases.slice(11)) {
      const e = tok.encode(c.text);
      expect({ text: c.text, ids: e.ids, offsets: e.offsets }).toEqual({
        text: c.text,
        ids: c.ids,
        offsets: c.offsets,
      });
      expect(tok.decode(e.ids)).toBe(c.decoded);
    }
  });
});
