import type { NormalizedString } from '../normalized_string.js';
import { charMatches, splitAtMatches } from '../pre_tokenized_string.js';
import { isCjkChar } from '../unicode.js';
import { type PreTokenizer, splitEach } from './pre_tokenizer.js';

/**
 * Isolates every CJK char (ideographs, kana, Hangul syllables), the usual input for a
 * character-level model: "我爱NLP" -> ["我", "爱", "NLP"].
 *
 * Not a Hugging Face stage: its JSON `type` is "CJKChars", which only this library reads.
 */
export class CjkChars implements PreTokenizer {
  readonly type = 'CJKChars';

  preTokenize(splits: NormalizedString[]): NormalizedString[] {
    return splitEach(splits, (ns, out) =>
      splitAtMatches(ns, charMatches(ns.normalized, isCjkChar), 'isolated', out),
    );
  }

  toJSON() {
    return { type: this.type };
  }
}
