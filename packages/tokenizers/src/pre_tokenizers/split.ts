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

/**
 * HF's `NormalizedString::split` for an inverted pattern: the pieces are the gaps and the
 * matches, each flagged "is a delimiter" (gaps, when inverted), then merged per behavior.
 * Unlike a complement of the match spans, touching matches stay separate pieces
 * (`\p{N}{1,3}` inverted on "12345" gives 123 | 45).
 */
export function splitInverted(
  ns: NormalizedString,
  matches: number[],
  behavior: SplitBehavior,
  out: NormalizedString[],
): void {
  const n = ns.length;
  // Flattened [start, end, isDelimiter] triples covering [0, n).
  const pieces: number[] = [];
  let prev = 0;
  for (let k = 0; k < matches.length; k += 2) {
    const a = matches[k]!;
    if (a !== prev) pieces.push(prev, a, 1);
    pieces.push(a, matches[k + 1]!, 0);
    prev = matches[k + 1]!;
  }
  if (prev !== n) pieces.push(prev, n, 1);
  const acc: number[] = []; // [start, end, remove] triples
  const m = pieces.length / 3;
  if (behavior === 'mergedWithNext') {
    let prevDelim = false;
    for (let k = m - 1; k >= 0; k--) {
      const delim = pieces[3 * k + 2] === 1;
      if (delim && !prevDelim && acc.length > 0) acc[acc.length - 3] = pieces[3 * k]!;
      else acc.push(pieces[3 * k]!, pieces[3 * k + 1]!, 0);
      prevDelim = delim;
    }
    for (let k = acc.length - 3; k >= 0; k -= 3) push(ns, acc[k]!, acc[k + 1]!, out);
    return;
  }
  let prevDelim = false;
  for (let k = 0; k < m; k++) {
    const a = pieces[3 * k]!;
    const b = pieces[3 * k + 1]!;
    const delim = pieces[3 * k + 2] === 1;
    const merge =
      acc.length > 0 &&
      ((behavior === 'contiguous' && delim === prevDelim) ||
        (behavior === 'mergedWithPrevious' && delim && !prevDelim));
    if (merge) acc[acc.length - 2] = b;
    else acc.push(a, b, behavior === 'removed' && delim ? 1 : 0);
    prevDelim = delim;
  }
  for (let k = 0; k < acc.length; k += 3) if (acc[k + 2] === 0) push(ns, acc[k]!, acc[k + 1]!, out);
}

function push(ns: NormalizedString, a: number, b: number, out: NormalizedString[]): void {
  if (b > a) out.push(ns.slice(a, b));
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
    /** Where the pattern came from, for errors (a tokenizer.json path). */
    field = 'Split.pattern',
  ) {
    this.re = compilePattern(pattern, field);
  }

  preTokenize(splits: NormalizedString[]): NormalizedString[] {
    return splitEach(splits, (ns, out) => {
      const m = findMatches(ns.normalized, this.re);
      if (this.invert) splitInverted(ns, m, this.behavior, out);
      else splitAtMatches(ns, m, this.behavior, out);
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

  /** The stage from its tokenizer.json object; `path` names it in errors. */
  static fromJSON(o: Record<string, unknown>, path = 'Split'): Split {
    return new Split(
      patternFromJson(o.pattern, `${path}.pattern`),
      behaviorFromJson(o.behavior, `${path}.behavior`),
      o.invert === true,
      `${path}.pattern`,
    );
  }
}
