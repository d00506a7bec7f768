import { NormalizedString } from '../normalized_string.js';
import { classify, LETTER, NUMBER, SPACE } from '../unicode.js';
import type { PreTokenizer } from './pre_tokenizer.js';

/**
 * GPT-2's reversible byte -> printable char table: printable Latin-1 bytes map to
 * themselves, the 68 others to U+0100.. in order (space 0x20 -> 'Ġ', '\n' -> 'Ċ').
 */
export const BYTE_TO_CHAR: string[] = (() => {
  const table = new Array<string>(256);
  let next = 256;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
    table[b] = String.fromCharCode(printable ? b : next++);
  }
  return table;
})();

/** Inverse of BYTE_TO_CHAR, by char code. */
export const CHAR_TO_BYTE: Map<number, number> = new Map(
  BYTE_TO_CHAR.map((c, b) => [c.charCodeAt(0), b] as const),
);

/** The 256 chars of the byte-level alphabet (the usual `initialAlphabet` for BPE training). */
export function byteLevelAlphabet(): string[] {
  return [...BYTE_TO_CHAR].sort();
}

const L = 1;
const N = 2;
const S = 3;
const O = 4;

function cls(cp: number): number {
  if (cp < 0x80) {
    if ((cp >= 97 && cp <= 122) || (cp >= 65 && cp <= 90)) return L;
    if (cp >= 48 && cp <= 57) return N;
    return cp === 32 || (cp >= 9 && cp <= 13) ? S : O;
  }
  const f = classify(cp);
  return f & LETTER ? L : f & NUMBER ? N : f & SPACE ? S : O;
}

const width = (cp: number) => (cp > 0xffff ? 2 : 1);

/** End of the run of chars of class `k` starting at `i`. */
function runEnd(s: string, i: number, k: number): number {
  const n = s.length;
  while (i < n) {
    const cp = s.codePointAt(i)!;
    if (cls(cp) !== k) break;
    i += width(cp);
  }
  return i;
}

/**
 * GPT-2's split regex, `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`,
 * as a linear scan (no backtracking, so a 1 MB word costs one pass). Returns piece boundaries.
 */
export function gpt2Split(s: string): number[] {
  const out: number[] = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    let j: number;
    if (c === 39 /* ' */ && i + 1 < n) {
      const c1 = s.charCodeAt(i + 1);
      const c2 = i + 2 < n ? s.charCodeAt(i + 2) : 0;
      if (c1 === 115 || c1 === 116 || c1 === 109 || c1 === 100)
        j = i + 2; // s t m d
      else if ((c1 === 114 || c1 === 118) && c2 === 101)
        j = i + 3; // re ve
      else if (c1 === 108 && c2 === 108)
        j = i + 3; // ll
      else j = runEnd(s, i, O);
    } else {
      const cp = s.codePointAt(i)!;
      const k = cls(cp);
      if (k === S) {
        const end = runEnd(s, i, S);
        if (end === n) j = n;
        else if (end - i > 1)
          j = end - 1; // leave the last space to prefix the next word
        else if (c === 32) {
          // ' ' followed by a non-space: it joins the next run
          const k2 = cls(s.codePointAt(end)!);
          j = runEnd(s, end, k2);
        } else j = end;
      } else j = runEnd(s, i, k);
    }
    out.push(i, j);
    i = j;
  }
  return out;
}

/** Options of the byte-level pre-tokenizer. */
export interface ByteLevelOptions {
  /** Add a space before the text when it does not start with one, so the first word looks like the others. Default true. */
  addPrefixSpace?: boolean;
  /** Used by the ByteLevel post-processor: drop leading/trailing spaces from offsets. Default true. */
  trimOffsets?: boolean;
  /** Split with the GPT-2 regex before mapping bytes. Default true. */
  useRegex?: boolean;
}

const utf8 = new TextEncoder();

/**
 * Byte-level pre-tokenizer (GPT-2/RoBERTa): splits with the GPT-2 regex, then rewrites each
 * piece as its UTF-8 bytes through BYTE_TO_CHAR, so any text maps onto 256 symbols:
 *   "Hello world" -> ["ĠHello", "Ġworld"]
 * Every byte-char keeps the span of the char it came from, so offsets stay in the original.
 */
export class ByteLevel implements PreTokenizer {
  readonly type = 'ByteLevel';
  readonly addPrefixSpace: boolean;
  readonly trimOffsets: boolean;
  readonly useRegex: boolean;

  constructor(options: ByteLevelOptions = {}) {
    this.addPrefixSpace = options.addPrefixSpace ?? true;
    this.trimOffsets = options.trimOffsets ?? true;
    this.useRegex = options.useRegex ?? true;
  }

  preTokenize(splits: NormalizedString[]): NormalizedString[] {
    const out: NormalizedString[] = [];
    for (const ns of splits) {
      const s = ns.normalized;
      if (s.length === 0) continue;
      // With a prefix space, text index k > 0 is ns index k - 1 and index 0 borrows the span of ns[0].
      const prefix = this.addPrefixSpace && s.charCodeAt(0) !== 32 ? 1 : 0;
      const t = prefix ? ` ${s}` : s;
      const bounds = this.useRegex ? gpt2Split(t) : [0, t.length];
      for (let p = 0; p < bounds.length; p += 2) {
        out.push(toBytes(ns, t, prefix, bounds[p]!, bounds[p + 1]!));
      }
    }
    return out;
  }

  toJSON() {
    return {
      type: this.type,
      add_prefix_space: this.addPrefixSpace,
      trim_offsets: this.trimOffsets,
      use_regex: this.useRegex,
    };
  }
}

/** True if every code unit of `t[a, b)` is printable ASCII or ' ' (one byte, one char). */
function isSimpleAscii(t: string, a: number, b: number): boolean {
  for (let k = a; k < b; k++) {
    const c = t.charCodeAt(k);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/** Byte-level form of `t[a, b)`, aligned through `ns` (`prefix` = 1 if t = ' ' + ns). */
function toBytes(ns: NormalizedString, t: string, prefix: number, a: number, b: number) {
  if ((prefix === 0 || a > 0) && isSimpleAscii(t, a, b)) {
    // Fast path: one char per byte, only ' ' changes (to 'Ġ'), so the alignment is a slice.
    const piece = t.slice(a, b);
    return ns
      .slice(a - prefix, b - prefix)
      .withSameLengthText(piece.includes(' ') ? piece.replaceAll(' ', 'Ġ') : piece);
  }
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  for (let k = a; k < b; ) {
    const c = t.charCodeAt(k);
    const src = Math.max(0, k - prefix);
    if (c < 0x80) {
      text += BYTE_TO_CHAR[c]!;
      starts.push(ns.origStart(src));
      ends.push(ns.origEnd(src));
      k++;
      continue;
    }
    const w = c >= 0xd800 && c <= 0xdbff && k + 1 < b ? 2 : 1;
    const os = ns.origStart(src);
    const oe = ns.origEnd(src + w - 1);
    for (const byte of utf8.encode(t.slice(k, k + w))) {
      text += BYTE_TO_CHAR[byte]!;
      starts.push(os);
      ends.push(oe);
    }
    k += w;
  }
  return NormalizedString.fromArrays(text, Uint32Array.from(starts), Uint32Array.from(ends));
}
