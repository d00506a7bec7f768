import type { NormalizedString } from '../normalized_string.js';
import { classify, MARK_NONSPACING } from '../unicode.js';
import type { Normalizer } from './normalizer.js';

const dropMarks = (ch: string, cp: number) => ((classify(cp) & MARK_NONSPACING) !== 0 ? '' : ch);

/** Removes non-spacing marks (`\p{Mn}`). Run NFD first so 'é' is 'e' + U+0301: NFD + StripAccents: 'café' -> 'cafe'. */
export class StripAccents implements Normalizer {
  readonly type = 'StripAccents';

  normalize(ns: NormalizedString): NormalizedString {
    return stripMarks(ns);
  }

  toJSON() {
    return { type: this.type };
  }
}

export function stripMarks(ns: NormalizedString): NormalizedString {
  return ns.mapChars(dropMarks);
}
