import { classify, codePointAt, SPACE, WORD } from './unicode.js';

/** A token matched verbatim in the input before normalization ([CLS], <|endoftext|>, ...). */
export interface AddedToken {
  id: number;
  content: string;
  /** Special tokens are skipped by `decode(ids, { skipSpecialTokens: true })`. */
  special: boolean;
  /**
   * Match against the normalized text (the token's content normalized too) instead of the
   * raw input. HF's default: true for plain added tokens, false for special ones.
   */
  normalized?: boolean;
  /** Also take the whitespace on the left of a match. */
  lstrip?: boolean;
  /** Also take the whitespace on the right of a match. */
  rstrip?: boolean;
  /** Match only when not inside a word (no `\w` char touching either side). */
  singleWord?: boolean;
}

interface TrieNode {
  next: Map<number, TrieNode>;
  token: AddedToken | null;
}

const isSpaceAt = (s: string, i: number) => (classify(codePointAt(s, i)) & SPACE) !== 0;
const isWordCp = (cp: number) => (classify(cp) & WORD) !== 0;

/** Code point that ends at UTF-16 index `i` (exclusive). */
function codePointBefore(s: string, i: number): number {
  const c = s.charCodeAt(i - 1);
  if (c >= 0xdc00 && c <= 0xdfff && i >= 2) {
    const h = s.charCodeAt(i - 2);
    if (h >= 0xd800 && h <= 0xdbff) return ((h - 0xd800) << 10) + (c - 0xdc00) + 0x10000;
  }
  return c;
}

/**
 * Finds added tokens in text as HF's AddedVocabulary does: a leftmost-longest scan over a
 * trie of the tokens' texts, then each token's flags (single_word discards a match inside a
 * word, lstrip/rstrip widen it over the whitespace next to it).
 *   new AddedTokenMatcher([{ id: 1, content: '[SEP]', special: true }]).find('a[SEP]b')
 *   // [[1, 6, token]]
 * `patterns` gives the text to look for per token when it differs from `content` (the
 * normalized form of a normalized token).
 */
export class AddedTokenMatcher {
  private readonly root: TrieNode = { next: new Map(), token: null };
  private count = 0;

  constructor(tokens: AddedToken[], patterns?: Map<AddedToken, string>) {
    for (const t of tokens) {
      const text = patterns?.get(t) ?? t.content;
      if (text.length === 0) continue;
      let node = this.root;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        let nx = node.next.get(c);
        if (!nx) node.next.set(c, (nx = { next: new Map(), token: null }));
        node = nx;
      }
      // HF keeps the last token registered for one text.
      node.token = t;
      this.count++;
    }
  }

  /** True when there is nothing to match. */
  get empty(): boolean {
    return this.count === 0;
  }

  /** Raw trie matches: leftmost, then longest; the scan resumes after each match. */
  private *scan(text: string): Generator<[number, number, AddedToken]> {
    const root = this.root.next;
    const n = text.length;
    for (let i = 0; i < n; ) {
      let node = root.get(text.charCodeAt(i));
      if (!node) {
        i++;
        continue;
      }
      let best: AddedToken | null = null;
      let bestEnd = -1;
      for (let j = i + 1; ; j++) {
        if (node.token) {
          best = node.token;
          bestEnd = j;
        }
        if (j >= n) break;
        const nx: TrieNode | undefined = node.next.get(text.charCodeAt(j));
        if (!nx) break;
        node = nx;
      }
      // A match must not split a surrogate pair.
      const c = text.charCodeAt(bestEnd);
      if (best && !(c >= 0xdc00 && c <= 0xdfff && bestEnd > 0 && bestEnd < n)) {
        yield [i, bestEnd, best];
        i = bestEnd;
      } else i++;
    }
  }

  /** Matches as [start, end, token] triples, non-overlapping, in order, flags applied. */
  find(text: string): Array<[number, number, AddedToken]> {
    const out: Array<[number, number, AddedToken]> = [];
    if (this.count === 0) return out;
    let startOffset = 0;
    const n = text.length;
    for (const [s, e, tok] of this.scan(text)) {
      let start = s;
      let stop = e;
      if (tok.singleWord) {
        const wordBefore = start > 0 && isWordCp(codePointBefore(text, start));
        const wordAfter = stop < n && isWordCp(codePointAt(text, stop));
        if (wordBefore || wordAfter) continue;
      }
      if (tok.lstrip) {
        let k = start;
        while (k > 0 && isSpaceAt(text, k - 1)) k--;
        start = Math.max(k, startOffset);
      }
      if (tok.rstrip) while (stop < n && isSpaceAt(text, stop)) stop++;
      out.push([start, stop, tok]);
      startOffset = stop;
    }
    return out;
  }
}
