import type { NormalizedString } from '../normalized_string.js';
import { charMatches, splitAtMatches } from '../pre_tokenized_string.js';
import { classify, SPACE } from '../unicode.js';
import { type PreTokenizer, splitEach } from './pre_tokenizer.js';

export const isSpace = (cp: number) =>
  cp < 0x80 ? cp === 32 || (cp >= 9 && cp <= 13) : (classify(cp) & SPACE) !== 0;

/** Splits on Unicode whitespace, which is dropped: "a  b\tc" -> ["a", "b", "c"]. */
export class WhitespaceSplit implements PreTokenizer {
  readonly type = 'WhitespaceSplit';

  preTokenize(splits: NormalizedString[]): NormalizedString[] {
    return splitEach(splits, (ns, out) =>
      splitAtMatches(ns, charMatches(ns.normalized, isSpace), 'removed', out),
    );
  }

  toJSON() {
    return { type: this.type };
  }
}
