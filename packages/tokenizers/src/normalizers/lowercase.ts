import type { NormalizedString } from '../normalized_string.js';
import type { Normalizer } from './normalizer.js';

const lowerChar = (ch: string) => ch.toLowerCase();

/**
 * Lowercases each character on its own, like Rust's `char::to_lowercase` (so 'Σ' always
 * becomes 'σ', never the word-final 'ς' that `String.prototype.toLowerCase` picks).
 *
 *   'HELLO İ' -> 'hello i̇'   ('İ' expands to two code points; both keep the span of 'İ')
 */
export class Lowercase implements Normalizer {
  readonly type = 'Lowercase';

  normalize(ns: NormalizedString): NormalizedString {
    return lowercase(ns);
  }

  toJSON() {
    return { type: this.type };
  }
}

export function lowercase(ns: NormalizedString): NormalizedString {
  const s = ns.normalized;
  const lower = s.toLowerCase();
  if (lower === s) return ns;
  // Same length means a 1:1 mapping (no lowercase mapping shrinks a char); only the
  // context-dependent final sigma differs from per-char lowercasing.
  if (lower.length === s.length && !s.includes('Σ')) return ns.withSameLengthText(lower);
  return ns.mapChars(lowerChar);
}
