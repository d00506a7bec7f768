import { HF_OVERRIDES } from '../hf_unicode_tables.js';
import type { NormalizedString } from '../normalized_string.js';
import { classify, MARK } from '../unicode.js';
import type { Normalizer } from './normalizer.js';

/** A Unicode normalization form. */
export type UnicodeForm = 'NFC' | 'NFD' | 'NFKC' | 'NFKD';

/** A char that (de)composition may attach to the previous one: a mark or a Hangul jamo. */
function isContinuation(cp: number): boolean {
  return (
    (classify(cp) & MARK) !== 0 ||
    (cp >= 0x1160 && cp <= 0x11ff) || // jamo vowels and trailing consonants
    (cp >= 0xd7b0 && cp <= 0xd7ff)
  );
}

/** A regex char class of HF_OVERRIDES' flat inclusive [start, end] ranges. */
function charClass(r: number[]): string {
  const hex = (cp: number) => `\\u{${cp.toString(16)}}`;
  let out = '';
  for (let i = 0; i < r.length; i += 2) out += `${hex(r[i]!)}-${hex(r[i + 1]!)}`;
  return `[${out}]`;
}

// Chars HF's normalization data (unicode-normalization-alignments) is older than: to HF they
// are starters (class 0) that neither decompose nor compose, where Node may reorder a mark run
// across them ('\u032c\u0eba' -> '\u0eba\u032c') or (de)compose them.
const HF_NEW = new RegExp(charClass(HF_OVERRIDES.normUnassigned.yes), 'u');
const HF_NEW_SPLIT = new RegExp(`(${charClass(HF_OVERRIDES.normUnassigned.yes)})`, 'u');

/** `s.normalize(form)` with HF's data: the runs between HF-new chars normalized apart. */
function hfNormalize(s: string, form: UnicodeForm): string {
  const parts = s.split(HF_NEW_SPLIT); // odd indices: the HF-new chars, kept as they are
  for (let i = 0; i < parts.length; i += 2) parts[i] = parts[i]!.normalize(form);
  return parts.join('');
}

/** isContinuation, but an HF-new char starts its own segment as the starter it is to HF. */
const isHfContinuation = (cp: number) =>
  isContinuation(cp) && !HF_NEW.test(String.fromCodePoint(cp));

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * Unicode normalization of `ns` to `form` as HF does it, alignment-tracked per combining
 * sequence. Node's own tables are used except on text with chars newer than HF's.
 */
export function unicodeNormalize(ns: NormalizedString, form: UnicodeForm): NormalizedString {
  const s = ns.normalized;
  if (isAscii(s)) return ns; // every form is the identity on ASCII
  if (!HF_NEW.test(s)) return ns.mapSegments((seg) => seg.normalize(form), isContinuation);
  return ns.mapSegments((seg) => hfNormalize(seg, form), isHfContinuation);
}

/**
 * Unicode normalization forms. NFD/NFKD split 'é' into 'e' + U+0301 (both keep the span of
 * 'é'); NFC/NFKC compose them back; the K forms also fold compatibility chars ('ﬁ' -> 'fi').
 */
export class UnicodeNormalizer implements Normalizer {
  constructor(readonly type: UnicodeForm) {}

  normalize(ns: NormalizedString): NormalizedString {
    return unicodeNormalize(ns, this.type);
  }

  toJSON() {
    return { type: this.type };
  }
}

/** Unicode NFC (composition). */
export const NFC = () => new UnicodeNormalizer('NFC');
/** Unicode NFD (decomposition). */
export const NFD = () => new UnicodeNormalizer('NFD');
/** Unicode NFKC (compatibility composition). */
export const NFKC = () => new UnicodeNormalizer('NFKC');
/** Unicode NFKD (compatibility decomposition). */
export const NFKD = () => new UnicodeNormalizer('NFKD');
