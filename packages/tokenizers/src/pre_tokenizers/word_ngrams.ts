import { NormalizedString } from '../normalized_string.js';
import type { PreTokenizer } from './pre_tokenizer.js';

/**
 * Adds word n-grams between the words, in reading order: with n = 2,
 * ["not", "bad", "at"] -> ["not", "not bad", "bad", "bad at", "at"]. Each n-gram ends right
 * before the word it ends with, longest first, and its words are joined by `separator`; its
 * offsets span from the first word's start to the last word's end in the original text.
 * Bag-of-words models (fastText's `wordNgrams`) read local word order this way.
 *
 * Not a Hugging Face stage: its JSON `type` is "WordNGrams" (`{"type": "WordNGrams", "n": 2,
 * "separator": " "}`), which only this library reads. Put it last in a pre-tokenizer Sequence.
 */
export class WordNGrams implements PreTokenizer {
  readonly type = 'WordNGrams';

  constructor(
    /** Longest n-gram; 1 leaves the words as they are. */
    readonly n = 2,
    /** Joins the words of an n-gram (a vocabulary entry "not bad" for the default). */
    readonly separator = ' ',
  ) {
    if (!Number.isInteger(n) || n < 1) {
      throw new RangeError(`WordNGrams: n must be a positive integer, got ${n}`);
    }
  }

  preTokenize(splits: NormalizedString[]): NormalizedString[] {
    if (this.n === 1 || splits.length < 2) return splits;
    const words = splits.filter((w) => w.length > 0);
    const out: NormalizedString[] = [];
    for (let i = 0; i < words.length; i++) {
      // The n-grams that end at word i, longest first, then the word itself.
      for (let k = Math.min(this.n, i + 1); k >= 2; k--)
        out.push(this.join(words, i - k + 1, i + 1));
      out.push(words[i]!);
    }
    return out;
  }

  /** Words [a, b) joined by the separator; the separator spans the gap between its two words. */
  private join(words: NormalizedString[], a: number, b: number): NormalizedString {
    let text = '';
    for (let w = a; w < b; w++)
      text += w > a ? this.separator + words[w]!.normalized : words[w]!.normalized;
    if (this.separator.length === 1 && this.identityRun(words, a, b)) {
      // Unchanged words one char apart: each separator spans exactly that gap char, so the
      // n-gram maps 1:1 onto the original; no per-char arrays needed.
      return NormalizedString.from(text, words[a]!.identityBase!);
    }
    const starts = new Uint32Array(text.length);
    const ends = new Uint32Array(text.length);
    let k = 0;
    for (let w = a; w < b; w++) {
      const word = words[w]!;
      if (w > a) {
        const prev = words[w - 1]!;
        const gapStart = prev.origEnd(prev.length - 1);
        const gapEnd = Math.max(gapStart, word.origStart(0));
        for (let s = 0; s < this.separator.length; s++, k++) {
          starts[k] = gapStart;
          ends[k] = gapEnd;
        }
      }
      for (let i = 0; i < word.length; i++, k++) {
        starts[k] = word.origStart(i);
        ends[k] = word.origEnd(i);
      }
    }
    return NormalizedString.fromArrays(text, starts, ends);
  }

  /** True when words [a, b) are unchanged text, each one char after the previous one ends. */
  private identityRun(words: NormalizedString[], a: number, b: number): boolean {
    let prevEnd = -1;
    for (let w = a; w < b; w++) {
      const word = words[w]!;
      const base = word.identityBase;
      if (base === null || (w > a && base !== prevEnd + 1)) return false;
      prevEnd = base + word.length;
    }
    return true;
  }

  toJSON() {
    return { type: this.type, n: this.n, separator: this.separator };
  }

  /** The stage from its tokenizer.json object. */
  static fromJSON(o: Record<string, unknown>): WordNGrams {
    const n = o.n ?? 2;
    if (typeof n !== 'number')
      throw new Error(`n: expected a positive integer, got ${JSON.stringify(n)}`);
    const separator = o.separator ?? ' ';
    if (typeof separator !== 'string') {
      throw new Error(`separator: expected a string, got ${JSON.stringify(separator)}`);
    }
    return new WordNGrams(n, separator);
  }
}
