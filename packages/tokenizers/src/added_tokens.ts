/** A token matched verbatim in the input before normalization ([CLS], <|endoftext|>, ...). */
export interface AddedToken {
  id: number;
  content: string;
  /** Special tokens are skipped by `decode(ids, { skipSpecialTokens: true })`. */
  special: boolean;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Finds added tokens in raw text, leftmost-longest, with one regex scan (alternatives
 * longest first, so at each position the longest token wins):
 *   new AddedTokenMatcher([{ id: 1, content: '[SEP]', special: true }]).find('a[SEP]b')
 *   // [[1, 6, token]]
 */
export class AddedTokenMatcher {
  private readonly re: RegExp | null;
  private readonly byContent = new Map<string, AddedToken>();

  constructor(tokens: AddedToken[]) {
    const sorted = tokens
      .filter((t) => t.content.length > 0)
      .sort((a, b) => b.content.length - a.content.length);
    for (const t of sorted) this.byContent.set(t.content, t);
    this.re = sorted.length
      ? new RegExp(sorted.map((t) => escapeRegex(t.content)).join('|'), 'g')
      : null;
  }

  /** True when there is nothing to match. */
  get empty(): boolean {
    return this.re === null;
  }

  /** Matches as [start, end, token] triples, non-overlapping, in order. */
  find(text: string): Array<[number, number, AddedToken]> {
    const out: Array<[number, number, AddedToken]> = [];
    const re = this.re;
    if (!re) return out;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      out.push([m.index, m.index + m[0].length, this.byContent.get(m[0])!]);
    }
    return out;
  }
}
