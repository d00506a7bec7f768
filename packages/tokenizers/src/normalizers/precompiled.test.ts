import { describe, expect, it } from 'vitest';
import { NormalizedString } from '../normalized_string.js';
import { fixture } from '../parity/fixtures.js';
import { normalizerFromJson } from '../serialization.js';
import { Precompiled } from './precompiled.js';

// nmt_nfkc, SentencePiece's default rules (kept in the SentencePiece-style fixture tokenizer).
const charsmap = fixture<{ normalizer: { normalizers: Array<{ precompiled_charsmap: string }> } }>(
  'tok/hf-unigram-spm.json',
).normalizer.normalizers[0]!.precompiled_charsmap;
const nmt = new Precompiled(charsmap);
const norm = (s: string) => nmt.normalize(NormalizedString.from(s));

// Cases from the spm_precompiled crate's tests and HF's precompiled.rs.
describe('Precompiled', () => {
  it('maps chars through the charsmap (spm_precompiled test_load_precompiled_map)', () => {
    expect(nmt.transform('\u{fb01}')).toBe('fi');
    expect(nmt.transform(' ')).toBeNull();
    expect(nmt.transform('𝔾')).toBe('G');
    expect(nmt.transform('𝕠')).toBe('o');
    expect(nmt.transform('\u200d')).toBe(' ');
  });

  it('keeps HF/SentencePiece grapheme behaviour (Thai, Hindi, multi-char replace)', () => {
    expect(norm('เขาไม่ได้พูดสักคำ').normalized).toBe('เขาไม\u0e48ได\u0e49พ\u0e39ดส\u0e31กค\u0e4dา');
    expect(norm('ड़ी दुख').normalized).toBe('ड\u093cी द\u0941ख');
    expect(norm('\u0627\u0653').normalized).toBe('آ');
  });

  it('aligns expansions and removals as HF transform does', () => {
    // 'ﬁ' -> 'fi': both chars point at the ligature; U+200D -> ' ' keeps its own span.
    const a = norm('aﬁb');
    expect(a.normalized).toBe('afib');
    expect([1, 2].map((i) => a.offsets(i, i + 1))).toEqual([
      [1, 2],
      [1, 2],
    ]);
    expect(a.offsets(3, 4)).toEqual([2, 3]);
    const unchanged = NormalizedString.from('plain ascii');
    expect(nmt.normalize(unchanged)).toBe(unchanged);
  });

  it('round-trips through tokenizer.json and rejects a damaged blob', () => {
    const n = normalizerFromJson({ type: 'Precompiled', precompiled_charsmap: charsmap });
    expect(n.toJSON()).toEqual({ type: 'Precompiled', precompiled_charsmap: charsmap });
    expect(() => new Precompiled('AAA=')).toThrow(/too short/);
    expect(() => new Precompiled('//8AAAAAAAA=')).toThrow(/65535-byte trie in a 8-byte blob/);
    expect(() => new Precompiled('not base64!')).toThrow(/not valid base64/);
    expect(() => normalizerFromJson({ type: 'Precompiled' })).toThrow(
      /normalizer\.precompiled_charsmap: expected a base64 string/,
    );
  });
});
