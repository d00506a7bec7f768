/** A token matched verbatim in the input before normalization ([CLS], <|endoftext|>, ...). */
export interface AddedToken {
  id: number;
  content: string;
  /** Special tokens are skipped by `decode(ids, { skipSpecialTokens: true })`. */
  special: boolean;
}

/**
 * Finds added tokens in raw text, leftmost-longest, with one Map lookup per position:
 *   new AddedTokenMatcher([{ id: 1, content: '[SEP]', special: true }]).find('a[SEP]b')
 *   // [[1, 6, token]]
 */
export class AddedTokenMatcher {
  /** First code unit -> candidates, longest first. */
  private readonly byFirst = new Map<number, AddedToken[]>();

  constructor(tokens: AddedToken[]) {
    for (const t of tokens) {
      if (t.content.length === 0) continue;
      const c = t.content.charCodeAt(0);
      const list = this.byFirst.get(c) ?? [];
      list.push(t);
      list.sort((a, b) => b.content.length - a.content.length);
      this.byFirst.set(c, list);
    }
  }

  get empty(): boolean {
    return this.byFirst.size === 0;
  }

  /** Matches as [start, end, token] triples, non-overlapping, in order. */
  find(text: string): Array<[number, number, AddedToken]> {
    const out: Array<[number, number, AddedToken]> = [];
    if (this.byFirst.size === 0) return out;
    for (let i = 0; i < text.length; ) {
      const list = this.byFirst.get(text.charCodeAt(i));
      let hit: AddedToken | undefined;
      if (list)
        for (const t of list)
          if (text.startsWith(t.content, i)) {
            hit = t;
            break;
          }
      if (hit) {
        out.push([i, i + hit.content.length, hit]);
        i += hit.content.length;
      } else i++;
    }
    return out;
  }
}
