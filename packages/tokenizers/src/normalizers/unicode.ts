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

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Unicode normalization of `ns` to `form`, alignment-tracked per combining sequence. */
export function unicodeNormalize(ns: NormalizedString, form: UnicodeForm): NormalizedString {
  if (isAscii(ns.normalized)) return ns; // every form is the identity on ASCII
  return ns.mapSegments((seg) => seg.normalize(form), isContinuation);
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
