import type { NormalizedString } from '../normalized_string.js';
import { charMatches, splitAtMatches } from '../pre_tokenized_string.js';
import { classify, NUMBER } from '../unicode.js';
import { type PreTokenizer, splitEach } from './pre_tokenizer.js';

const isNumeric = (cp: number) => (classify(cp) & NUMBER) !== 0;

/**
 * Splits numbers from the rest: "Call 123" -> ["Call ", "123"], or with
 * `individualDigits` -> ["Call ", "1", "2", "3"].
 */
export class Digits implements PreTokenizer {
  readonly type = 'Digits';

  constructor(readonly individualDigits = false) {}

  preTokenize(splits: NormalizedString[]): NormalizedString[] {
    const behavior = this.individualDigits ? 'isolated' : 'contiguous';
    return splitEach(splits, (ns, out) =>
      splitAtMatches(ns, charMatches(ns.normalized, isNumeric), behavior, out),
    );
  }

  toJSON() {
    return { type: this.type, individual_digits: this.individualDigits };
  }
}
