/**
 * A string being normalized, that remembers where each of its UTF-16 code units came from
 * in the ORIGINAL input, so token offsets can always point into the user's text.
 *
 *   const ns = NormalizedString.from('Héllo');
 *   const lower = ns.mapChars((c) => c.toLowerCase());   // 'héllo', same alignments
 *   lower.offsets(1, 3)                                    // [1, 3] in 'Héllo'
 *
 * Alignments follow Hugging Face's `NormalizedString`: a replaced char keeps the source
 * char's span, an inserted char shares the span of the char it was produced from, and a
 * removed char simply disappears. An unchanged string (or a slice of one) stores no
 * per-character arrays at all: code unit `i` maps to `[base + i, base + i + 1)`.
 */
export class NormalizedString {
  private constructor(
    /** The normalized text. */
    readonly normalized: string,
    /** Offset of `normalized[0]` in the original when the alignment is the identity. */
    private readonly base: number,
    /** Per code unit: start of the original span (null for identity). */
    private readonly starts: Uint32Array | null,
    /** Per code unit: end of the original span (null for identity). */
    private readonly ends: Uint32Array | null,
  ) {}

  /** A normalized string equal to `original`, aligned 1:1. */
  static from(original: string, base = 0): NormalizedString {
    return new NormalizedString(original, base, null, null);
  }

  /** Length of the normalized text in UTF-16 code units. */
  get length(): number {
    return this.normalized.length;
  }

  /**
   * Where `normalized[0]` sits in the original when code unit `i` maps to `[base + i,
   * base + i + 1)` (an unchanged text or a slice of one), else null.
   */
  get identityBase(): number | null {
    return this.starts ? null : this.base;
  }

  /** Start, in the original, of normalized code unit `i`. */
  origStart(i: number): number {
    return this.starts ? this.starts[i]! : this.base + i;
  }

  /** End, in the original, of normalized code unit `i`. */
  origEnd(i: number): number {
    return this.ends ? this.ends[i]! : this.base + i + 1;
  }

  /** Original `[start, end)` of the normalized range `[a, b)`. An empty range maps to a point. */
  offsets(a: number, b: number): [number, number] {
    if (this.normalized.length === 0) return [this.base, this.base];
    if (a >= b) {
      const p = a < this.normalized.length ? this.origStart(a) : this.origEnd(a - 1);
      return [p, p];
    }
    return [this.origStart(a), this.origEnd(b - 1)];
  }

  /** The normalized range `[a, b)` as its own NormalizedString (O(1): shares alignments). */
  slice(a: number, b: number): NormalizedString {
    if (a === 0 && b === this.normalized.length) return this;
    const text = this.normalized.slice(a, b);
    if (!this.starts) return new NormalizedString(text, this.base + a, null, null);
    return new NormalizedString(text, 0, this.starts.subarray(a, b), this.ends!.subarray(a, b));
  }

  /**
   * Rewrites each code point through `fn`, which returns its replacement: the same string
   * (kept), another string (replaced; extra chars are inserted with the same span), or ''
   * (removed). Returns `this` when nothing changed, so the common ASCII case allocates nothing.
   */
  mapChars(fn: (ch: string, cp: number) => string): NormalizedString {
    const s = this.normalized;
    const n = s.length;
    let b: Builder | null = null;
    for (let i = 0; i < n; ) {
      const c = s.charCodeAt(i);
      const w = c >= 0xd800 && c <= 0xdbff && i + 1 < n && isLow(s.charCodeAt(i + 1)) ? 2 : 1;
      const ch = w === 1 ? s[i]! : s.slice(i, i + 2);
      const out = fn(ch, w === 1 ? c : s.codePointAt(i)!);
      if (b === null && out !== ch) {
        b = new Builder(this);
        b.copy(0, i);
      }
      if (b !== null) {
        if (out === ch) b.copy(i, i + w);
        else if (out.length > 0) b.emit(out, this.origStart(i), this.origEnd(i + w - 1));
      }
      i += w;
    }
    return b ? b.build() : this;
  }

  /**
   * Applies a whole-string transform `fn` (such as Unicode normalization) segment by
   * segment: a segment is a char plus the combining marks (and Hangul jamo) after it.
   * Output char k of a segment aligns with input char k (extra output chars with the last
   * input char; when it shrinks, the first output char absorbs the surplus), which is what
   * HF's `transform` does for (de)compositions.
   */
  mapSegments(fn: (segment: string) => string, isContinuation: (cp: number) => boolean) {
    const s = this.normalized;
    if (fn(s) === s) return this;
    const n = s.length;
    const b = new Builder(this);
    let i = 0;
    while (i < n) {
      let j = i + charWidth(s, i);
      while (j < n && isContinuation(s.codePointAt(j)!)) j += charWidth(s, j);
      const seg = s.slice(i, j);
      const out = fn(seg);
      if (out === seg) b.copy(i, j);
      else if (!this.emitPerChar(b, i, j, out, fn)) {
        // Input char starts. Output char k aligns with input char k; when the segment
        // shrank, the first output char absorbs the surplus (as HF's composition stream).
        const inStarts: number[] = [];
        for (let k = i; k < j; k += charWidth(s, k)) inStarts.push(k);
        let outCount = 0;
        for (let o = 0; o < out.length; o += charWidth(out, o)) outCount++;
        const surplus = Math.max(0, inStarts.length - outCount);
        let k = 0;
        for (let o = 0; o < out.length; k++) {
          const w = charWidth(out, o);
          const src = inStarts[Math.min(k === 0 ? 0 : k + surplus, inStarts.length - 1)]!;
          b.emit(
            out.slice(o, o + w),
            this.origStart(src),
            this.origEnd(src + charWidth(s, src) - 1),
          );
          o += w;
        }
      }
      i = j;
    }
    return b.build();
  }

  /**
   * `s` + this string, the inserted chars aligned with the first char (HF `prepend`);
   * an empty string stays empty.
   */
  prepend(s: string): NormalizedString {
    if (this.normalized.length === 0 || s.length === 0) return this;
    const b = new Builder(this);
    const w = charWidth(this.normalized, 0);
    b.emit(s, this.origStart(0), this.origEnd(w - 1));
    b.copy(0, this.normalized.length);
    return b.build();
  }

  /**
   * When transforming each char of `[i, j)` alone gives `out` (decompositions, compatibility
   * expansions: no composition or reordering across chars), emits every char's own output
   * aligned with that char, as HF does; a combining mark after a rewritten char keeps its own
   * span ("쇚\uFE0D" under NFD: the three jamo map to 쇚, U+FE0D to itself). Else false.
   */
  private emitPerChar(
    b: Builder,
    i: number,
    j: number,
    out: string,
    fn: (segment: string) => string,
  ): boolean {
    const s = this.normalized;
    const pieces: string[] = [];
    let joined = '';
    for (let k = i; k < j; k += charWidth(s, k)) {
      const p = fn(s.slice(k, k + charWidth(s, k)));
      pieces.push(p);
      joined += p;
    }
    if (joined !== out) return false;
    let k = i;
    for (const p of pieces) {
      const w = charWidth(s, k);
      if (p === s.slice(k, k + w)) b.copy(k, k + w);
      else b.emit(p, this.origStart(k), this.origEnd(k + w - 1));
      k += w;
    }
    return true;
  }

  /** Replaces the text outright, keeping a 1:1 alignment; `text` must have the same length. */
  withSameLengthText(text: string): NormalizedString {
    if (text === this.normalized) return this;
    return new NormalizedString(text, this.base, this.starts, this.ends);
  }

  /**
   * Builds a new string from explicit pieces: each piece is text plus the normalized
   * range `[a, b)` of `this` it stands for (every code unit of the text gets that span).
   */
  static build(src: NormalizedString, pieces: Array<[string, number, number]>): NormalizedString {
    const b = new Builder(src);
    for (const [text, a, e] of pieces) {
      if (text.length === 0) continue;
      const [os, oe] = src.offsets(a, e);
      b.emit(text, os, oe);
    }
    return b.build();
  }

  /**
   * Replaces the normalized ranges `[m[k], m[k + 1])` (sorted, disjoint, flattened pairs) by
   * `content`, kept chars keeping their spans; the replacement spans the whole match, or with
   * `alignLast` only its last char (HF's Replace). Same result as `build` with one piece per
   * kept char, without a tuple per char.
   */
  static replaceRanges(
    src: NormalizedString,
    m: readonly number[],
    content: string,
    alignLast: boolean,
  ): NormalizedString {
    const s = src.normalized;
    const b = new Builder(src);
    let prev = 0;
    for (let k = 0; k < m.length; k += 2) {
      const a = m[k]!;
      const e = m[k + 1]!;
      b.copy(prev, a);
      if (content.length > 0) {
        const c = s.charCodeAt(e - 1);
        const last = e >= a + 2 && c >= 0xdc00 && c <= 0xdfff ? e - 2 : e - 1;
        const [os, oe] = src.offsets(alignLast ? last : a, e);
        b.emit(content, os, oe);
      }
      prev = e;
    }
    b.copy(prev, s.length);
    return b.build();
  }

  /** Internal: used by Builder. */
  static fromArrays(text: string, starts: Uint32Array, ends: Uint32Array): NormalizedString {
    return new NormalizedString(text, 0, starts, ends);
  }
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** 2 for a surrogate pair at `i`, else 1. */
export function charWidth(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && isLow(s.charCodeAt(i + 1)) ? 2 : 1;
}

/** Accumulates text and per-code-unit original spans (typed arrays, grown by doubling). */
class Builder {
  private parts: string[] = [];
  private n = 0;
  private starts: Uint32Array;
  private ends: Uint32Array;
  constructor(private readonly src: NormalizedString) {
    const cap = Math.max(16, src.length + (src.length >> 3));
    this.starts = new Uint32Array(cap);
    this.ends = new Uint32Array(cap);
  }

  private reserve(extra: number): void {
    const need = this.n + extra;
    if (need <= this.starts.length) return;
    const cap = Math.max(need, this.starts.length * 2);
    const s = new Uint32Array(cap);
    const e = new Uint32Array(cap);
    s.set(this.starts.subarray(0, this.n));
    e.set(this.ends.subarray(0, this.n));
    this.starts = s;
    this.ends = e;
  }

  /** Copies source code units `[a, b)` with their own spans. */
  copy(a: number, b: number): void {
    if (a >= b) return;
    this.parts.push(this.src.normalized.slice(a, b));
    this.reserve(b - a);
    const { starts, ends } = this;
    let k = this.n;
    for (let i = a; i < b; i++, k++) {
      starts[k] = this.src.origStart(i);
      ends[k] = this.src.origEnd(i);
    }
    this.n = k;
  }

  /** Appends `text`, every code unit spanning `[start, end)` of the original. */
  emit(text: string, start: number, end: number): void {
    this.parts.push(text);
    this.reserve(text.length);
    this.starts.fill(start, this.n, this.n + text.length);
    this.ends.fill(end, this.n, this.n + text.length);
    this.n += text.length;
  }

  build(): NormalizedString {
    return NormalizedString.fromArrays(
      this.parts.join(''),
      this.starts.slice(0, this.n),
      this.ends.slice(0, this.n),
    );
  }
}
