import { NormalizedString } from '../normalized_string.js';
import { splitAtMatches } from '../pre_tokenized_string.js';
import type { PreTokenizer } from './pre_tokenizer.js';

/** Where Metaspace adds the replacement char in front of a piece. */
export type PrependScheme = 'always' | 'first' | 'never';

/** Options of the Metaspace pre-tokenizer. */
export interface MetaspaceOptions {
  /** Default '▁' (U+2581). */
  replacement?: string;
  /** Add the replacement before each piece ('always'), only at the start of the input ('first'), or never. Default 'always'. */
  prependScheme?: PrependScheme;
  /** Split on the replacement (it stays with the following word). Default true. */
  split?: boolean;
}

/**
 * SentencePiece-style spaces: ' ' becomes '▁' and starts a new word:
 *   "Hey friend" -> ["▁Hey", "▁friend"]
 */
export class Metaspace implements PreTokenizer {
  readonly type = 'Metaspace';
  readonly replacement: string;
  readonly prependScheme: PrependScheme;
  readonly split: boolean;

  constructor(options: MetaspaceOptions = {}) {
    this.replacement = options.replacement ?? '\u2581';
    this.prependScheme = options.prependScheme ?? 'always';
    this.split = options.split ?? true;
    if ([...this.replacement].length !== 1) {
      throw new Error(
        `Metaspace: replacement must be exactly one character, got ${JSON.stringify(this.replacement)}`,
      );
    }
  }

  preTokenize(splits: NormalizedString[]): NormalizedString[] {
    const out: NormalizedString[] = [];
    const r = this.replacement;
    for (let ns of splits) {
      if (ns.length === 0) continue;
      const s = ns.normalized;
      if (s.includes(' ')) {
        if (r.length === 1) ns = ns.withSameLengthText(s.replaceAll(' ', r));
        else {
          const pieces: Array<[string, number, number]> = [];
          for (let i = 0; i < s.length; i++) pieces.push([s[i] === ' ' ? r : s[i]!, i, i + 1]);
          ns = NormalizedString.build(ns, pieces);
        }
      }
      const prepend =
        !ns.normalized.startsWith(r) &&
        (this.prependScheme === 'always' ||
          (this.prependScheme === 'first' && ns.origStart(0) === 0));
      if (!this.split) {
        out.push(prepend ? this.prepend(ns) : ns);
        continue;
      }
      // Split first, then prepend to the first piece only: the same pieces as prepending to
      // the whole string (it does not start with the replacement), without copying it all.
      const first = out.length;
      const t = ns.normalized;
      const m: number[] = [];
      for (let i = t.indexOf(r); i !== -1; i = t.indexOf(r, i + r.length)) m.push(i, i + r.length);
      splitAtMatches(ns, m, 'mergedWithNext', out);
      if (prepend) out[first] = this.prepend(out[first]!);
    }
    return out;
  }

  /** `ns` with the replacement in front, aligned with its first char (HF `prepend`). */
  private prepend(ns: NormalizedString): NormalizedString {
    const t = ns.normalized;
    const w = t.length > 1 && t.codePointAt(0)! > 0xffff ? 2 : 1;
    const pieces: Array<[string, number, number]> = [[this.replacement, 0, w]];
    for (let i = 0; i < t.length; i++) pieces.push([t[i]!, i, i + 1]);
    return NormalizedString.build(ns, pieces);
  }

  toJSON() {
    return {
      type: this.type,
      replacement: this.replacement,
      prepend_scheme: this.prependScheme,
      split: this.split,
    };
  }
}
