import type { NormalizedString } from '../normalized_string.js';
import {
  compilePattern,
  findMatches,
  type Pattern,
  patternFromJson,
  patternToJson,
} from '../normalizers/replace.js';
import {
  behaviorFromJson,
  behaviorToJson,
  type SplitBehavior,
  splitAtMatches,
} from '../pre_tokenized_string.js';
import { type PreTokenizer, splitEach } from './pre_tokenizer.js';

/** Complement of sorted matches over `[0, n)`. */
function invertMatches(matches: number[], n: number): number[] {
  const out: number[] = [];
  let prev = 0;
  for (let k = 0; k < matches.length; k += 2) {
    if (matches[k]! > prev) out.push(prev, matches[k]!);
    prev = matches[k + 1]!;
  }
  if (n > prev) out.push(prev, n);
  return out;
}

/**
 * Splits on a string or regex with a behavior, optionally inverted (the pattern then
 * describes the pieces to keep): Split({ string: '-' }, 'isolated'): "a-b" -> ["a", "-", "b"].
 * Regexes run in JavaScript's engine (Unicode mode); avoid nested quantifiers.
 */
export class Split implements PreTokenizer {
  readonly type = 'Split';
  private readonly re: RegExp;

  constructor(
    readonly pattern: Pattern,
    readonly behavior: SplitBehavior,
    readonly invert = false,
  ) {
    this.re = compilePattern(pattern);
  }

  preTokenize(splits: NormalizedString[]): NormalizedString[] {
    return splitEach(splits, (ns, out) => {
      let m = findMatches(ns.normalized, this.re);
      if (this.invert) m = invertMatches(m, ns.length);
      splitAtMatches(ns, m, this.behavior, out);
    });
  }

  toJSON() {
    return {
      type: this.type,
      pattern: patternToJson(this.pattern),
      behavior: behaviorToJson(this.behavior),
      invert: this.invert,
    };
  }

  /** The stage from its tokenizer.json object. */
  static fromJSON(o: Record<string, unknown>): Split {
    return new Split(
      patternFromJson(o.pattern, 'Split.pattern'),
      behaviorFromJson(o.behavior, 'Split.behavior'),
      o.invert === true,
    );
  }
}
