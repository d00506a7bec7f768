import type { NormalizedString } from '../normalized_string.js';
import { classify, isHfCombiningMark, MARK_NONSPACING } from '../unicode.js';
import type { Normalizer } from './normalizer.js';

const dropMarks = (ch: string, cp: number) => (isHfCombiningMark(cp) ? '' : ch);
const dropNonspacing = (ch: string, cp: number) =>
  (classify(cp) & MARK_NONSPACING) !== 0 ? '' : ch;

/**
 * Removes combining marks (`\p{M}`: Mn, Mc and Me, as HF's StripAccents does). Run NFD first
 * so 'é' is 'e' + U+0301: NFD + StripAccents: 'café' -> 'cafe'.
 */
export class StripAccents implements Normalizer {
  readonly type = 'StripAccents';

  normalize(ns: NormalizedString): NormalizedString {
    return ns.mapChars(dropMarks);
  }

  toJSON() {
    return { type: this.type };
  }
}

/** Removes only non-spacing marks (`\p{Mn}`): what BertNormalizer's strip_accents does. */
export function stripNonspacingMarks(ns: NormalizedString): NormalizedString {
  return ns.mapChars(dropNonspacing);
}
