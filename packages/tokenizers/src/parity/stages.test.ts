import { describe, expect, it } from 'vitest';
import { NormalizedString } from '../normalized_string.js';
import { BertNormalizer } from '../normalizers/bert.js';
import { Lowercase } from '../normalizers/lowercase.js';
import type { Normalizer } from '../normalizers/normalizer.js';
import { NormalizerSequence } from '../normalizers/sequence.js';
import { Strip } from '../normalizers/strip.js';
import { StripAccents } from '../normalizers/strip_accents.js';
import { NFC, NFD, NFKC } from '../normalizers/unicode.js';
import { BertPreTokenizer } from '../pre_tokenizers/bert.js';
import { ByteLevel } from '../pre_tokenizers/byte_level.js';
import { Digits } from '../pre_tokenizers/digits.js';
import { Metaspace } from '../pre_tokenizers/metaspace.js';
import type { PreTokenizer } from '../pre_tokenizers/pre_tokenizer.js';
import { Punctuation } from '../pre_tokenizers/punctuation.js';
import { Whitespace } from '../pre_tokenizers/whitespace.js';
import { WhitespaceSplit } from '../pre_tokenizers/whitespace_split.js';
import { toWellFormed } from '../unicode.js';
import { diff, fixture, hardStrings } from './fixtures.js';

const stages = fixture<{
  normalizers: Record<string, string[]>;
  preTokenizers: Record<string, Array<Array<[string, [number, number]]>>>;
}>('stages.json');

const NORMALIZERS: Record<string, Normalizer> = {
  bert: new BertNormalizer(),
  bertNoLower: new BertNormalizer({ lowercase: false }),
  nfd: NFD(),
  nfkc: NFKC(),
  nfc: NFC(),
  lowercase: new Lowercase(),
  nfdStripAccents: new NormalizerSequence([NFD(), new StripAccents()]),
  strip: new Strip(),
};

const PRE_TOKENIZERS: Record<string, PreTokenizer> = {
  whitespace: new Whitespace(),
  whitespaceSplit: new WhitespaceSplit(),
  punctuation: new Punctuation(),
  digits: new Digits(false),
  digitsIndividual: new Digits(true),
  bert: new BertPreTokenizer(),
  byteLevel: new ByteLevel(),
  byteLevelNoPrefix: new ByteLevel({ addPrefixSpace: false }),
  metaspace: new Metaspace(),
};

describe('normalizers match HF on the hard strings', () => {
  it.each(Object.keys(NORMALIZERS))('%s', (name) => {
    const errors: string[] = [];
    hardStrings.forEach((s, i) => {
      const got = NORMALIZERS[name]!.normalize(NormalizedString.from(toWellFormed(s))).normalized;
      diff(name, s, got, stages.normalizers[name]![i], errors);
    });
    expect(errors.slice(0, 5).join('\n')).toBe('');
  });
});

describe('pre-tokenizers match HF (pieces and original offsets) on the hard strings', () => {
  it.each(Object.keys(PRE_TOKENIZERS))('%s', (name) => {
    const errors: string[] = [];
    hardStrings.forEach((s, i) => {
      const pieces = PRE_TOKENIZERS[name]!.preTokenize([NormalizedString.from(toWellFormed(s))]);
      const got = pieces.map((p) => [p.normalized, p.offsets(0, p.length)]);
      diff(name, s, got, stages.preTokenizers[name]![i], errors);
    });
    expect(errors.slice(0, 5).join('\n')).toBe('');
  });
});
