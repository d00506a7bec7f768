import { charWidth, type NormalizedString } from '../normalized_string.js';
import { classify, SPACE } from '../unicode.js';
import type { Normalizer } from './normalizer.js';

/** Trims Unicode whitespace on the left and/or right: '  hi \n' -> 'hi'. */
export class Strip implements Normalizer {
  readonly type = 'Strip';

  constructor(
    readonly left = true,
    readonly right = true,
  ) {}

  normalize(ns: NormalizedString): NormalizedString {
    const s = ns.normalized;
    let a = 0;
    let b = s.length;
    if (this.left)
      while (a < b && (classify(s.codePointAt(a)!) & SPACE) !== 0) a += charWidth(s, a);
    // Every White_Space char is in the BMP, so stepping back one code unit is safe.
    if (this.right) while (b > a && (classify(s.charCodeAt(b - 1)) & SPACE) !== 0) b--;
    return ns.slice(a, b);
  }

  toJSON() {
    return { type: this.type, strip_left: this.left, strip_right: this.right };
  }
}
