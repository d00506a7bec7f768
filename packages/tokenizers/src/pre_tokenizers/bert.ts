import type { NormalizedString } from '../normalized_string.js';
import { classify, PUNCT, SPACE } from '../unicode.js';
import { type PreTokenizer, splitEach } from './pre_tokenizer.js';

/** Splits on whitespace (dropped) and isolates each punctuation char, in one scan. */
export function splitBert(ns: NormalizedString, out: NormalizedString[]): void {
  const s = ns.normalized;
  const n = s.length;
  let start = 0; // start of the current word
  for (let i = 0; i < n; ) {
    const c = s.charCodeAt(i);
    let space: boolean;
    let punct: boolean;
    let w = 1;
    if (c < 0x80) {
      space = c === 32 || (c >= 9 && c <= 13);
      punct =
        (c >= 33 && c <= 47) ||
        (c >= 58 && c <= 64) ||
        (c >= 91 && c <= 96) ||
        (c >= 123 && c <= 126);
    } else {
      const cp = s.codePointAt(i)!;
      if (cp > 0xffff) w = 2;
      const f = classify(cp);
      space = (f & SPACE) !== 0;
      punct = (f & PUNCT) !== 0;
    }
    if (space || punct) {
      if (i > start) out.push(ns.slice(start, i));
      if (punct) out.push(ns.slice(i, i + w));
      start = i + w;
    }
    i += w;
  }
  if (n > start) out.push(ns.slice(start, n));
}

/** BERT's pre-tokenizer: "Hello, world!" -> ["Hello", ",", "world", "!"]. */
export class BertPreTokenizer implements PreTokenizer {
  readonly type = 'BertPreTokenizer';

  preTokenize(splits: NormalizedString[]): NormalizedString[] {
    return splitEach(splits, splitBert);
  }

  toJSON() {
    return { type: this.type };
  }
}
