/** `[start, end)` in UTF-16 code units of the original input. */
export type Offsets = [number, number];

/** Side that receives the padding. */
export type PaddingDirection = 'right' | 'left';
/** Side that loses tokens: 'right' keeps the start, 'left' keeps the end. */
export type TruncationDirection = 'right' | 'left';

/**
 * The result of `encode`: parallel arrays, one entry per token.
 *
 *   enc.tokens        ['[CLS]', 'hello', '!', '[SEP]']
 *   enc.offsets       [[0, 0], [0, 5], [5, 6], [0, 0]]   // into the original string
 *   enc.wordIds       [null, 0, 1, null]
 *   enc.specialTokensMask [1, 0, 0, 1]
 */
export class Encoding {
  ids: number[] = [];
  typeIds: number[] = [];
  tokens: string[] = [];
  offsets: Offsets[] = [];
  wordIds: Array<number | null> = [];
  /** Which input sequence (0 or 1) each token came from; null for added special tokens. */
  sequenceIds: Array<number | null> = [];
  specialTokensMask: number[] = [];
  attentionMask: number[] = [];
  /** Parts cut off by truncation (each a full Encoding), when truncation is on. */
  overflowing: Encoding[] = [];

  /** Number of tokens. */
  get length(): number {
    return this.ids.length;
  }

  /** Appends one token. */
  push(
    id: number,
    token: string,
    offsets: Offsets,
    wordId: number | null,
    typeId: number,
    sequenceId: number | null,
    special: boolean,
  ): void {
    this.ids.push(id);
    this.tokens.push(token);
    this.offsets.push(offsets);
    this.wordIds.push(wordId);
    this.typeIds.push(typeId);
    this.sequenceIds.push(sequenceId);
    this.specialTokensMask.push(special ? 1 : 0);
    this.attentionMask.push(1);
  }

  /** Tokens `[a, b)` as a new Encoding (without overflowing parts). */
  slice(a: number, b: number): Encoding {
    const e = new Encoding();
    e.ids = this.ids.slice(a, b);
    e.typeIds = this.typeIds.slice(a, b);
    e.tokens = this.tokens.slice(a, b);
    e.offsets = this.offsets.slice(a, b);
    e.wordIds = this.wordIds.slice(a, b);
    e.sequenceIds = this.sequenceIds.slice(a, b);
    e.specialTokensMask = this.specialTokensMask.slice(a, b);
    e.attentionMask = this.attentionMask.slice(a, b);
    return e;
  }

  /** Deep copy. */
  clone(): Encoding {
    const e = this.slice(0, this.length);
    e.overflowing = this.overflowing.map((o) => o.clone());
    return e;
  }

  /** Appends all tokens of `other` (overflowing parts are left to the caller). */
  append(other: Encoding): void {
    // A loop, not push(...xs): spreading a million tokens overflows the call stack.
    for (let i = 0; i < other.length; i++) {
      this.ids.push(other.ids[i]!);
      this.typeIds.push(other.typeIds[i]!);
      this.tokens.push(other.tokens[i]!);
      this.offsets.push(other.offsets[i]!);
      this.wordIds.push(other.wordIds[i]!);
      this.sequenceIds.push(other.sequenceIds[i]!);
      this.specialTokensMask.push(other.specialTokensMask[i]!);
      this.attentionMask.push(other.attentionMask[i]!);
    }
  }

  /** Inserts all tokens of `other` (a few special tokens) in front. */
  prepend(other: Encoding): void {
    if (other.length === 0) return;
    this.ids.unshift(...other.ids);
    this.typeIds.unshift(...other.typeIds);
    this.tokens.unshift(...other.tokens);
    this.offsets.unshift(...other.offsets);
    this.wordIds.unshift(...other.wordIds);
    this.sequenceIds.unshift(...other.sequenceIds);
    this.specialTokensMask.unshift(...other.specialTokensMask);
    this.attentionMask.unshift(...other.attentionMask);
  }

  /**
   * Combines `a` and `b` with `join`, and every overflowing combination too, in the order of
   * HF's `Encoding::merge_with`: (a_o + b, a_o + b_o...) for each a_o, then a + b_o.
   */
  static combine(
    a: Encoding,
    b: Encoding | null,
    join: (x: Encoding, y: Encoding | null) => Encoding,
  ): Encoding {
    const out = join(a, b);
    if (!b) {
      out.overflowing = a.overflowing.map((ao) => join(ao, null));
      return out;
    }
    for (const ao of a.overflowing) {
      out.overflowing.push(join(ao, b));
      for (const bo of b.overflowing) out.overflowing.push(join(ao, bo));
    }
    for (const bo of b.overflowing) out.overflowing.push(join(a, bo));
    return out;
  }

  /** `a` followed by `b` (without overflowing parts). */
  static concat(a: Encoding, b: Encoding | null): Encoding {
    const out = a.slice(0, a.length);
    if (b) out.append(b);
    return out;
  }

  /**
   * Keeps `maxLength` tokens (from the start for 'right', from the end for 'left'); the rest
   * goes to `overflowing` in windows of `maxLength` that overlap by `stride` tokens.
   * With 5 tokens, truncate(3, 1): kept [0,1,2], overflowing [2,3,4].
   */
  truncate(maxLength: number, stride = 0, direction: TruncationDirection = 'right'): void {
    const n = this.length;
    if (maxLength >= n) return;
    if (maxLength === 0) {
      const all = this.slice(0, n);
      const e = new Encoding();
      Object.assign(this, e);
      this.overflowing = [all];
      return;
    }
    if (stride >= maxLength) {
      throw new Error(
        `truncate: stride (${stride}) must be smaller than max length (${maxLength}); note that max length excludes the special tokens the post-processor adds`,
      );
    }
    const step = maxLength - stride;
    const ranges: Array<[number, number]> = [];
    if (direction === 'right') {
      for (let start = 0; start < n; start += step) {
        const stop = Math.min(start + maxLength, n);
        ranges.push([start, stop]);
        if (stop === n) break;
      }
    } else {
      for (let stop = n; stop > 0; stop -= step) {
        const start = Math.max(0, stop - maxLength);
        ranges.push([start, stop]);
        if (start === 0) break;
      }
    }
    const parts = ranges.map(([a, b]) => this.slice(a, b));
    const first = parts[0]!;
    Object.assign(this, first);
    this.overflowing = parts.slice(1);
  }

  /**
   * Pads to `targetLength` with `padId` (attention mask 0, special mask 1), on the right or
   * left; overflowing parts are padded too. Longer encodings are left as they are.
   */
  pad(
    targetLength: number,
    padId: number,
    padTypeId: number,
    padToken: string,
    direction: PaddingDirection = 'right',
  ): void {
    for (const o of this.overflowing) o.pad(targetLength, padId, padTypeId, padToken, direction);
    const k = targetLength - this.length;
    if (k <= 0) return;
    const fill = <T>(arr: T[], v: T) => {
      const pad = new Array<T>(k).fill(v);
      return direction === 'right' ? arr.concat(pad) : pad.concat(arr);
    };
    this.ids = fill(this.ids, padId);
    this.typeIds = fill(this.typeIds, padTypeId);
    this.tokens = fill(this.tokens, padToken);
    this.offsets = fill<Offsets>(this.offsets, [0, 0]);
    this.wordIds = fill<number | null>(this.wordIds, null);
    this.sequenceIds = fill<number | null>(this.sequenceIds, null);
    this.specialTokensMask = fill(this.specialTokensMask, 1);
    this.attentionMask = fill(this.attentionMask, 0);
  }

  /** Index of the token containing original char `pos` of sequence `seq`, or null. */
  charToToken(pos: number, seq = 0): number | null {
    for (let i = 0; i < this.length; i++) {
      if (this.sequenceIds[i] !== seq || this.specialTokensMask[i]) continue;
      const [a, b] = this.offsets[i]!;
      if (pos >= a && pos < b) return i;
    }
    return null;
  }

  /** Original `[start, end)` of token `i`. */
  tokenToChars(i: number): Offsets | null {
    return this.offsets[i] ?? null;
  }

  /** Token range `[first, last + 1)` of word `word` in sequence `seq`, or null. */
  wordToTokens(word: number, seq = 0): [number, number] | null {
    let a = -1;
    let b = -1;
    for (let i = 0; i < this.length; i++) {
      if (this.wordIds[i] === word && this.sequenceIds[i] === seq) {
        if (a < 0) a = i;
        b = i + 1;
      }
    }
    return a < 0 ? null : [a, b];
  }
}
