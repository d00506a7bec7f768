/**
 * Character classes used by the normalizers and pre-tokenizers, with the semantics of the
 * Rust functions Hugging Face's tokenizers call (not JavaScript's `\s`/`\w`, which differ:
 * JS `\s` includes U+FEFF and misses U+0085, JS `\w` is ASCII-only).
 *
 * Lookups are hot, so every BMP code unit gets one byte of flags, computed once on first use
 * (65,536 regex tests, ~20 ms); astral code points are classified on demand and cached.
 *
 *   classify(0x41) & LETTER      // != 0: 'A' is \p{L}
 *   classify(0x3000) & SPACE     // != 0: ideographic space is White_Space
 */

import { HF_OVERRIDES } from './hf_unicode_tables.js';

/** Rust `char::is_whitespace` (Unicode White_Space). Also Oniguruma's `\s`. */
export const SPACE = 1;
/** `\p{L}` */
export const LETTER = 2;
/** `\p{N}`; also Rust `char::is_numeric` (Nd | Nl | No). */
export const NUMBER = 4;
/** BERT punctuation: ASCII symbols 33-47, 58-64, 91-96, 123-126, or `\p{P}`. */
export const PUNCT = 8;
/** BERT "control": Cc | Cf | Co except \t \n \r (HF's `is_other`; unassigned chars are kept). */
export const CONTROL = 16;
/** Rust regex `\w`: Alphabetic | M | Nd | Pc | Join_Control. */
export const WORD = 32;
/** `\p{Mn}`: what strip-accents removes after NFD. */
export const MARK_NONSPACING = 64;
/** `\p{M}`: combining marks, used to find normalization segments. */
export const MARK = 128;

const WHITE_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/;
const TESTS: Array<[number, RegExp]> = [
  [LETTER, /^\p{L}$/u],
  [NUMBER, /^\p{N}$/u],
  [PUNCT, /^\p{P}$/u],
  [CONTROL, /^[\p{Cc}\p{Cf}\p{Co}]$/u],
  [WORD, /^[\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}]$/u],
  [MARK_NONSPACING, /^\p{Mn}$/u],
  [MARK, /^\p{M}$/u],
];

function computeFlags(cp: number): number {
  const s = String.fromCodePoint(cp);
  let f = WHITE_SPACE.test(s) ? SPACE : 0;
  for (const [flag, re] of TESTS) if (re.test(s)) f |= flag;
  if (
    (cp >= 33 && cp <= 47) ||
    (cp >= 58 && cp <= 64) ||
    (cp >= 91 && cp <= 96) ||
    (cp >= 123 && cp <= 126)
  ) {
    f |= PUNCT;
  }
  if (cp === 9 || cp === 10 || cp === 13) f &= ~CONTROL;
  // HF's crates carry older Unicode data than Node: use theirs where they differ.
  f = override(f, cp, HF_OVERRIDES.punct, PUNCT);
  f = override(f, cp, HF_OVERRIDES.control, CONTROL);
  f = override(f, cp, HF_OVERRIDES.nonspacing, MARK_NONSPACING);
  return f;
}

/**
 * HF's `is_combining_mark` (StripAccents): `\p{M}` with HF's Unicode data. Kept apart from
 * the MARK flag, which finds normalization segments with Node's own data.
 */
export function isHfCombiningMark(cp: number): boolean {
  return override(classify(cp) & MARK, cp, HF_OVERRIDES.mark, MARK) !== 0;
}

function inRanges(r: number[], cp: number): boolean {
  // Binary search over flat inclusive [start, end] pairs.
  let lo = 0;
  let hi = r.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < r[2 * mid]!) hi = mid - 1;
    else if (cp > r[2 * mid + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}

function override(f: number, cp: number, t: { yes: number[]; no: number[] }, flag: number): number {
  if (inRanges(t.yes, cp)) return f | flag;
  if (inRanges(t.no, cp)) return f & ~flag;
  return f;
}

let bmp: Uint8Array | undefined;
const astral = new Map<number, number>();

function buildBmp(): Uint8Array {
  const table = new Uint8Array(0x10000);
  for (let cp = 0; cp < 0x10000; cp++) {
    // Lone surrogates are unassigned-like for our purposes: they are replaced by U+FFFD
    // before anything looks at them (see Tokenizer.encode).
    table[cp] = cp >= 0xd800 && cp <= 0xdfff ? CONTROL : computeFlags(cp);
  }
  return table;
}

/** Flags (bitwise OR of the constants above) for one code point. */
export function classify(cp: number): number {
  if (cp < 0x10000) return (bmp ??= buildBmp())[cp]!;
  let f = astral.get(cp);
  if (f === undefined) {
    f = computeFlags(cp);
    if (astral.size < 65_536) astral.set(cp, f);
  }
  return f;
}

/** BERT's "Chinese character": the CJK Unified Ideographs blocks (not Hangul or kana). */
export function isChineseChar(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b920 && cp <= 0x2ceaf) || // sic: HF (and BERT) skip 2B820-2B91F
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

/**
 * CJK characters that the char-level split isolates: Chinese ideographs plus kana and Hangul
 * syllables (scripts written without spaces between words).
 */
export function isCjkChar(cp: number): boolean {
  return (
    isChineseChar(cp) ||
    (cp >= 0x3040 && cp <= 0x30ff) || // Hiragana, Katakana
    (cp >= 0x31f0 && cp <= 0x31ff) || // Katakana extensions
    (cp >= 0xac00 && cp <= 0xd7af) || // Hangul syllables
    (cp >= 0x3300 && cp <= 0x33ff) || // CJK compatibility
    (cp >= 0xff66 && cp <= 0xff9f) // half-width katakana
  );
}

/** Code point at UTF-16 index `i` of `s` (a lone surrogate is returned as itself). */
export function codePointAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  }
  return c;
}

/** Compares two strings by code point, as Rust's `str` ordering does (JS `<` uses code units). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // Surrogates (D800-DFFF) encode code points above every BMP code unit, including E000-FFFF.
      const xs = x >= 0xd800 && x <= 0xdfff;
      const ys = y >= 0xd800 && y <= 0xdfff;
      if (xs !== ys) return xs ? 1 : -1;
      return x - y;
    }
  }
  return a.length - b.length;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Index of the first lone surrogate in `s`, or -1. */
export function loneSurrogateIndex(s: string): number {
  LONE_SURROGATE.lastIndex = 0;
  const m = LONE_SURROGATE.exec(s);
  return m === null ? -1 : m.index;
}

/** `s` with every lone surrogate replaced by U+FFFD (same length, so offsets are unchanged). */
export function toWellFormed(s: string): string {
  return loneSurrogateIndex(s) < 0 ? s : s.replace(LONE_SURROGATE, '\ufffd');
}
