import { NormalizedString } from '../normalized_string.js';
import type { Normalizer } from './normalizer.js';

/**
 * SentencePiece's compiled normalization rules (`precompiled_charsmap`, e.g. nmt_nfkc), as HF's
 * `Precompiled` normalizer applies them. The blob is
 *   [u32 LE trieBytes][trie: u32 units of a Darts double array][normalized: UTF-8, '\0'-ended]
 * and a trie value is the byte offset of a replacement in `normalized`.
 *
 * Each grapheme (UTF-8 length < 6) is first looked up whole; failing that, each of its chars
 * is. As in HF (and spm_precompiled), a lookup takes the SHORTEST trie key that prefixes the
 * chunk: this is what SentencePiece does, so it is kept even where it looks odd.
 */
export class Precompiled implements Normalizer {
  readonly type = 'Precompiled';
  /** The blob as given (base64), written back unchanged. */
  readonly charsmap: string;
  private readonly array: Uint32Array;
  private readonly normalized: Uint8Array;
  /** Replacement at a `normalized` offset, decoded once. */
  private readonly replacements = new Map<number, string>();
  /** Chunk -> replacement (null: not in the trie), bounded. */
  private readonly memo = new Map<string, string | null>();
  private segmenter: Intl.Segmenter | null = null;
  /** Replacement of each char below U+0300 (null: none), for the fast path. */
  private readonly low: Array<string | null>;

  /** `charsmap`: the base64 `precompiled_charsmap` of a tokenizer.json. */
  constructor(charsmap: string) {
    this.charsmap = charsmap;
    const bytes = fromBase64(charsmap);
    if (bytes.length < 4)
      throw new Error('Precompiled: precompiled_charsmap is too short to hold its trie size');
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const trieBytes = dv.getUint32(0, true);
    if (trieBytes % 4 !== 0 || 4 + trieBytes > bytes.length) {
      throw new Error(
        `Precompiled: precompiled_charsmap declares a ${trieBytes}-byte trie in a ${bytes.length}-byte blob; the file is damaged`,
      );
    }
    this.array = new Uint32Array(trieBytes / 4);
    for (let i = 0; i < this.array.length; i++) this.array[i] = dv.getUint32(4 + i * 4, true);
    this.normalized = bytes.subarray(4 + trieBytes);
    this.low = Array.from({ length: 0x300 }, (_, c) => this.transform(String.fromCharCode(c)));
  }

  /** Offset in `normalized` of the shortest trie key prefixing `chunk`'s UTF-8, or -1. */
  private lookup(chunk: string): number {
    const a = this.array;
    if (a.length === 0) return -1;
    let pos = offsetOf(a[0]!);
    for (let i = 0; i < chunk.length; i++) {
      let cp = chunk.charCodeAt(i);
      if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < chunk.length) {
        const lo = chunk.charCodeAt(i + 1);
        if ((lo & 0xfc00) === 0xdc00) {
          cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
          i++;
        }
      } else if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
      // UTF-8 bytes of cp, walked one at a time.
      const n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      for (let k = 0; k < n; k++) {
        const b =
          n === 1
            ? cp
            : k === 0
              ? ((0xf00 >> n) & 0xff) | (cp >> (6 * (n - 1)))
              : 0x80 | ((cp >> (6 * (n - 1 - k))) & 0x3f);
        if (b === 0) return -1;
        pos ^= b;
        const unit = a[pos];
        if (unit === undefined || (unit & 0x800000ff) >>> 0 !== b) return -1;
        pos ^= offsetOf(unit);
        if ((unit >>> 8) & 1) return a[pos]! & 0x7fffffff;
      }
    }
    return -1;
  }

  /** The replacement of `chunk` (HF `transform`), or null when the trie has none. */
  transform(chunk: string): string | null {
    const m = this.memo.get(chunk);
    if (m !== undefined) return m;
    const at = this.lookup(chunk);
    let r: string | null = null;
    if (at >= 0) {
      r = this.replacements.get(at) ?? null;
      if (r === null) {
        let end = at;
        while (end < this.normalized.length && this.normalized[end] !== 0) end++;
        r = new TextDecoder().decode(this.normalized.subarray(at, end));
        this.replacements.set(at, r);
      }
    }
    if (this.memo.size < 100_000) this.memo.set(chunk, r);
    return r;
  }

  /**
   * Below U+0300 and without CR every char is its own grapheme (clusters need a combining
   * mark, joiner, jamo, ... or CR LF), so such text needs no segmenter: -1 when it is
   * unchanged, else the first code unit that a rule rewrites (0 when unsure).
   */
  private firstChange(s: string): number {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x300 || c === 0x0d) return 0;
      if (this.low[c] !== null) return i;
    }
    return -1;
  }

  /** Graphemes of `s` (extended grapheme clusters, as unicode-segmentation's). */
  private *graphemes(s: string): Iterable<string> {
    this.segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    for (const g of this.segmenter.segment(s)) yield g.segment;
  }

  normalize(ns: NormalizedString): NormalizedString {
    const s = ns.normalized;
    if (this.firstChange(s) === -1) return ns;
    // (char, change) pairs as HF's `transform` takes them: 0 replaces the next source char,
    // 1 inserts after it, -k replaces it and removes the k chars that follow.
    const out: Array<[string, number]> = [];
    let modified = false;
    for (const g of this.graphemes(s)) {
      if (utf8Length(g) < 6) {
        const norm = this.transform(g);
        if (norm !== null) {
          modified = true;
          replace(out, g, norm);
          continue;
        }
      }
      for (const c of g) {
        const norm = this.transform(c);
        if (norm !== null) {
          modified = true;
          replace(out, c, norm);
        } else out.push([c, 0]);
      }
    }
    return modified ? applyChanges(ns, out) : ns;
  }

  toJSON() {
    return { type: this.type, precompiled_charsmap: this.charsmap };
  }
}

/** Darts unit -> XOR offset to its children. */
function offsetOf(unit: number): number {
  return (unit >>> 10) << ((unit & (1 << 9)) >>> 6);
}

function utf8Length(s: string): number {
  let n = 0;
  for (const c of s) {
    const cp = c.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

/** HF precompiled.rs `replace`: `oldPart` (k chars) becomes `newPart` (m chars). */
function replace(out: Array<[string, number]>, oldPart: string, newPart: string): void {
  const oldCount = [...oldPart].length;
  const chars = [...newPart];
  const diff = chars.length - oldCount;
  for (const c of chars) out.push([c, 0]);
  if (diff > 0) {
    for (let i = out.length - diff; i < out.length; i++) out[i]![1] = 1;
  } else if (diff < 0 && out.length > 0) {
    out[out.length - 1]![1] += diff;
  }
}

/**
 * HF `NormalizedString::transform`: walks the source chars with a cursor; a char with change
 * <= 0 takes the span of the source char under the cursor (and consumes it plus -change
 * more), a char with change > 0 takes the span of the source char before the cursor.
 */
function applyChanges(ns: NormalizedString, changes: Array<[string, number]>): NormalizedString {
  const s = ns.normalized;
  const n = s.length;
  const width = (i: number) => {
    const c = s.charCodeAt(i);
    return c >= 0xd800 && c <= 0xdbff && i + 1 < n && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00
      ? 2
      : 1;
  };
  let idx = 0;
  let prev = -1; // start of the source char before the cursor
  const pieces: Array<[string, number, number]> = [];
  for (const [c, change] of changes) {
    if (change > 0) {
      pieces.push(prev < 0 ? [c, 0, 0] : [c, prev, idx]);
      continue;
    }
    if (idx >= n) {
      pieces.push([c, n, n]);
      continue;
    }
    const w = width(idx);
    pieces.push([c, idx, idx + w]);
    prev = idx;
    idx += w;
    for (let k = 0; k < -change && idx < n; k++) {
      prev = idx;
      idx += width(idx);
    }
  }
  return NormalizedString.build(ns, pieces);
}

/** Standard base64 -> bytes (no Buffer, so it also runs in browsers). */
function fromBase64(b64: string): Uint8Array {
  let bin: string;
  try {
    bin = atob(b64);
  } catch {
    throw new Error('Precompiled: precompiled_charsmap is not valid base64; the file is damaged');
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
