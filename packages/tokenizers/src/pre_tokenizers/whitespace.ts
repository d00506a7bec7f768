import type { NormalizedString } from '../normalized_string.js';
import { classify, SPACE, WORD } from '../unicode.js';
import { type PreTokenizer, splitEach } from './pre_tokenizer.js';

const OTHER = 0;
const IS_WORD = 1;
const IS_SPACE = 2;

function kind(cp: number): number {
  if (cp < 0x80) {
    // ASCII fast path: [A-Za-z0-9_] are word chars, \t-\r and ' ' are spaces.
    if ((cp >= 97 && cp <= 122) || (cp >= 65 && cp <= 90) || (cp >= 48 && cp <= 57) || cp === 95) {
      return IS_WORD;
    }
    return cp === 32 || (cp >= 9 && cp <= 13) ? IS_SPACE : OTHER;
  }
  const f = classify(cp);
  return f & WORD ? IS_WORD : f & SPACE ? IS_SPACE : OTHER;
}

/** Pushes runs of word chars and runs of other non-space chars; drops whitespace. */
export function splitWordsAndSymbols(ns: NormalizedString, out: NormalizedString[]): void {
  const s = ns.normalized;
  const n = s.length;
  let i = 0;
  while (i < n) {
    const cp = s.codePointAt(i)!;
    const k = kind(cp);
    let j = i + (cp > 0xffff ? 2 : 1);
    if (k === IS_SPACE) {
      i = j;
      continue;
    }
    while (j < n) {
      const c2 = s.codePointAt(j)!;
      if (kind(c2) !== k) break;
      j += c2 > 0xffff ? 2 : 1;
    }
    out.push(ns.slice(i, j));
    i = j;
  }
}

/**
 * Splits on the regex `\w+|[^\w\s]+` (Unicode `\w`), hand-coded as one linear scan:
 *   "Hey friend!!  I'm" -> ["Hey", "friend", "!!", "I", "'", "m"]
 */
export class Whitespace implements PreTokenizer {
  readonly type = 'Whitespace';

  preTokenize(splits: NormalizedString[]): NormalizedString[] {
    return splitEach(splits, splitWordsAndSymbols);
  }

  toJSON() {
    return { type: this.type };
  }
}
