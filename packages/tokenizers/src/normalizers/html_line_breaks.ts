import type { NormalizedString } from '../normalized_string.js';
import type { Normalizer } from './normalizer.js';
import { replaceMatches } from './replace.js';

// Linear: `\s*` is followed by a literal, so there is nothing to backtrack into.
const BR = /<br\s*\/?>/giu;

/**
 * Turns HTML line breaks (`<br />`, `<br/>`, `<br>`, any case), which fill IMDB reviews,
 * into `content` (a space by default): 'Great.<br /><br />Loved it' -> 'Great.  Loved it'.
 * Offsets of the following words still point into the original text.
 *
 * Not a Hugging Face stage: its JSON `type` is "HtmlLineBreaks", which only this library reads.
 */
export class HtmlLineBreaks implements Normalizer {
  readonly type = 'HtmlLineBreaks';

  constructor(readonly content = ' ') {}

  normalize(ns: NormalizedString): NormalizedString {
    if (!ns.normalized.includes('<')) return ns;
    return replaceMatches(ns, BR, this.content);
  }

  toJSON() {
    return { type: this.type, content: this.content };
  }
}
