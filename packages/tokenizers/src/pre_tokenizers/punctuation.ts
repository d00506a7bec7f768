import type { NormalizedString } from '../normalized_string.js';
import {
  behaviorFromJson,
  behaviorToJson,
  charMatches,
  type SplitBehavior,
  splitAtMatches,
} from '../pre_tokenized_string.js';
import { classify, PUNCT } from '../unicode.js';
import { type PreTokenizer, splitEach } from './pre_tokenizer.js';

export const isPunct = (cp: number) => (classify(cp) & PUNCT) !== 0;

/** Splits on punctuation (ASCII symbols and `\p{P}`): "Hi,there!" -> ["Hi", ",", "there", "!"]. */
export class Punctuation implements PreTokenizer {
  readonly type = 'Punctuation';

  constructor(readonly behavior: SplitBehavior = 'isolated') {}

  preTokenize(splits: NormalizedString[]): NormalizedString[] {
    return splitEach(splits, (ns, out) =>
      splitAtMatches(ns, charMatches(ns.normalized, isPunct), this.behavior, out),
    );
  }

  toJSON() {
    return { type: this.type, behavior: behaviorToJson(this.behavior) };
  }

  /** The stage from its tokenizer.json object. */
  static fromJSON(o: Record<string, unknown>): Punctuation {
    return new Punctuation(
      o.behavior === undefined ? 'isolated' : behaviorFromJson(o.behavior, 'Punctuation.behavior'),
    );
  }
}
