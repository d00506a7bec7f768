import type { Token } from '../pre_tokenized_string.js';
import { type Model, reverseVocab, vocabFromJson, vocabToJson, WordCache } from './model.js';
import { PairTable } from './pair_table.js';

/** Options of the BPE model (HF's field names in camelCase). */
export interface BpeOptions {
  unkToken?: string | null;
  continuingSubwordPrefix?: string | null;
  endOfWordSuffix?: string | null;
  /** Merge consecutive unknown chars into one unk token. */
  fuseUnk?: boolean;
  /** Emit a word that is itself in the vocabulary as one token, without merging. */
  ignoreMerges?: boolean;
  /**
   * Spell a char missing from the vocabulary as its UTF-8 bytes, tokens `<0xNN>`
   * (SentencePiece-style, llama-2 / gemma), before falling back to the unk token.
   */
  byteFallback?: boolean;
}

const utf8 = new TextEncoder();

/** Vocab maps built by fromJSON, handed over without a copy (a 262k-entry copy costs ~100 ms). */
const ADOPTED = new WeakSet<Map<string, number>>();

/** Merges as parallel flat arrays: pair k is (left[k], right[k]) (no per-merge objects). */
export interface FlatMerges {
  left: string[];
  right: string[];
}

/** Pair key for two ids (both < 2^22), exact as a double. */
/** Ids stay below 2^22, so two of them pack exactly into one double: a * ID_LIMIT + b. */
export const ID_LIMIT = 4194304;

/** One number for the pair (a, b); ordering keys orders pairs by a, then b. */
export const pairKey = (a: number, b: number) => a * ID_LIMIT + b;

/**
 * Byte-pair encoding: start from single chars and apply the learned merges, lowest rank
 * first (leftmost on ties). With merges [l o, lo w]: "lower" -> l o w e r -> lo w e r -> low e r.
 * Use it after the ByteLevel pre-tokenizer for GPT-2-style byte-level BPE.
 */
export class BPE implements Model {
  readonly type = 'BPE';
  readonly unkToken: string | null;
  readonly continuingSubwordPrefix: string | null;
  readonly endOfWordSuffix: string | null;
  readonly fuseUnk: boolean;
  readonly ignoreMerges: boolean;
  readonly byteFallback: boolean;
  /** Id of `<0xNN>` per byte value (-1 when absent); only with byteFallback. */
  private readonly byteIds: Int32Array | null = null;
  private readonly vocab: Map<string, number>;
  private readonly vocabR: string[];
  /** (left id, right id) -> rank * 2^22 + new id (one lookup gives both; -1 when absent). */
  private readonly merges: PairTable;
  private readonly mergeLeft: string[];
  private readonly mergeRight: string[];
  private readonly cache = new WordCache();

  constructor(
    vocab: Map<string, number> | Record<string, number>,
    merges: Array<[string, string]> | FlatMerges,
    options: BpeOptions = {},
  ) {
    this.vocab =
      vocab instanceof Map
        ? ADOPTED.has(vocab)
          ? vocab
          : new Map(vocab)
        : new Map(Object.entries(vocab));
    this.vocabR = reverseVocab(this.vocab, 'BPE');
    if (this.vocabR.length > ID_LIMIT)
      throw new Error('BPE: vocabularies above 4,194,304 ids are not supported');
    this.unkToken = options.unkToken ?? null;
    this.continuingSubwordPrefix = options.continuingSubwordPrefix ?? null;
    this.endOfWordSuffix = options.endOfWordSuffix ?? null;
    this.fuseUnk = options.fuseUnk ?? false;
    this.ignoreMerges = options.ignoreMerges ?? false;
    this.byteFallback = options.byteFallback ?? false;
    if (this.byteFallback) {
      this.byteIds = new Int32Array(256);
      for (let b = 0; b < 256; b++) {
        const name = `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`;
        this.byteIds[b] = this.vocab.get(name) ?? -1;
      }
    }
    if (Array.isArray(merges)) {
      this.mergeLeft = merges.map((m) => m[0]);
      this.mergeRight = merges.map((m) => m[1]);
    } else {
      this.mergeLeft = merges.left;
      this.mergeRight = merges.right;
    }
    const prefix = this.continuingSubwordPrefix;
    const prefixLen = prefix?.length ?? 0;
    const vocabMap = this.vocab;
    const n = this.mergeLeft.length;
    this.merges = new PairTable(n);
    for (let rank = 0; rank < n; rank++) {
      const a = this.mergeLeft[rank]!;
      const b = this.mergeRight[rank]!;
      const ia = vocabMap.get(a);
      const ib = vocabMap.get(b);
      const merged = a + (prefixLen > 0 && b.startsWith(prefix!) ? b.slice(prefixLen) : b);
      const inew = vocabMap.get(merged);
      if (ia === undefined || ib === undefined || inew === undefined) {
        const missing = ia === undefined ? a : ib === undefined ? b : merged;
        throw new Error(
          `BPE: merge #${rank} (${JSON.stringify(a)}, ${JSON.stringify(b)}) uses ${JSON.stringify(missing)}, which is not in the vocabulary; the vocab and merges files do not belong together`,
        );
      }
      this.merges.setIfAbsent(ia, ib, rank * ID_LIMIT + inew);
    }
  }

  tokenize(word: string): Token[] {
    if (word.length === 0) return [];
    const cached = this.cache.get(word);
    if (cached) return cached;
    const tokens = this.tokenizeUncached(word);
    if (word.length < 256) this.cache.set(word, tokens);
    return tokens;
  }

  private tokenizeUncached(word: string): Token[] {
    if (this.ignoreMerges) {
      const id = this.vocab.get(word);
      if (id !== undefined) return [{ id, value: word, start: 0, end: word.length }];
    }
    // Initial symbols: one per char (prefix on non-first, suffix on last), unknowns -> unk or dropped.
    const ids: number[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    const unkId = this.unkToken === null ? undefined : this.vocab.get(this.unkToken);
    let lastWasUnk = false;
    const n = word.length;
    for (let i = 0; i < n; ) {
      const c = word.charCodeAt(i);
      const w = c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1;
      let s = w === 1 ? word[i]! : word.slice(i, i + 2);
      if (i > 0 && this.continuingSubwordPrefix) s = this.continuingSubwordPrefix + s;
      if (i + w === n && this.endOfWordSuffix) s += this.endOfWordSuffix;
      const id = this.vocab.get(s);
      if (id !== undefined) {
        ids.push(id);
        starts.push(i);
        ends.push(i + w);
        lastWasUnk = false;
      } else if (this.byteIds !== null && this.pushBytes(s, i, i + w, ids, starts, ends)) {
        // Spelled as bytes; like HF, a pending unk is not closed by byte tokens.
      } else if (this.unkToken !== null) {
        if (unkId === undefined) {
          throw new Error(
            `BPE: the unk token ${JSON.stringify(this.unkToken)} is not in the vocabulary; add it or set unk_token to null`,
          );
        }
        if (this.fuseUnk && lastWasUnk) ends[ends.length - 1] = i + w;
        else {
          ids.push(unkId);
          starts.push(i);
          ends.push(i + w);
        }
        lastWasUnk = true;
      } // else: dropped, as HF does without an unk token
      i += w;
    }
    if (ids.length <= 24) this.mergeSmall(ids, starts, ends);
    else this.mergeLarge(ids, starts, ends);
    const out: Token[] = new Array(ids.length);
    for (let k = 0; k < ids.length; k++) {
      out[k] = { id: ids[k]!, value: this.vocabR[ids[k]!]!, start: starts[k]!, end: ends[k]! };
    }
    return out;
  }

  /**
   * Appends the `<0xNN>` tokens of `ch`'s UTF-8 bytes, each spanning the whole char (HF's
   * offsets for a byte inside a char), if the vocabulary has all of them.
   */
  private pushBytes(
    ch: string,
    a: number,
    b: number,
    ids: number[],
    starts: number[],
    ends: number[],
  ): boolean {
    const bytes = utf8.encode(ch);
    for (const x of bytes) if (this.byteIds![x]! < 0) return false;
    for (const x of bytes) {
      ids.push(this.byteIds![x]!);
      starts.push(a);
      ends.push(b);
    }
    return true;
  }

  /**
   * Merging on plain arrays, fastest for the short words that dominate: each step scans the
   * cached pair ranks for the lowest, and only the two pairs next to a merge are looked up again.
   */
  private mergeSmall(ids: number[], starts: number[], ends: number[]): void {
    const merges = this.merges;
    const rankOf = (k: number) => {
      const m = merges.get(ids[k]!, ids[k + 1]!);
      return m < 0 ? Infinity : m;
    };
    const ranks: number[] = [];
    for (let k = 0; k + 1 < ids.length; k++) ranks.push(rankOf(k));
    for (;;) {
      let best = Infinity;
      let at = -1;
      for (let k = 0; k < ranks.length; k++) {
        if (ranks[k]! < best) {
          best = ranks[k]!;
          at = k;
        }
      }
      if (at < 0) return;
      ids[at] = best % ID_LIMIT;
      ends[at] = ends[at + 1]!;
      ids.splice(at + 1, 1);
      starts.splice(at + 1, 1);
      ends.splice(at + 1, 1);
      ranks.splice(at, 1);
      if (at > 0) ranks[at - 1] = rankOf(at - 1);
      if (at < ranks.length) ranks[at] = rankOf(at);
    }
  }

  /**
   * O(n log n) merging with a heap of (rank, position) over a linked list, as HF does: a
   * 1 MB single word takes seconds, not hours.
   */
  private mergeLarge(ids: number[], starts: number[], ends: number[]): void {
    const n = ids.length;
    // Scratch arrays shared by all calls (encode is synchronous), grown as needed.
    if (scratch.next.length < n) {
      const cap = Math.max(n, 2 * scratch.next.length);
      scratch.next = new Int32Array(cap);
      scratch.prev = new Int32Array(cap);
      scratch.alive = new Uint8Array(cap);
    }
    const { next, prev, alive } = scratch;
    alive.fill(1, 0, n);
    for (let k = 0; k < n; k++) {
      next[k] = k + 1 < n ? k + 1 : -1;
      prev[k] = k - 1;
    }
    // Heap keys rank * 2^32 + position (exact doubles): ordered by rank, then leftmost.
    const heap = scratch.heap;
    heap.size = 0;
    const merges = this.merges;
    const push = (pos: number) => {
      const nx = next[pos]!;
      if (nx < 0) return;
      const m = merges.get(ids[pos]!, ids[nx]!);
      if (m >= 0) heap.push(Math.floor(m / ID_LIMIT) * POS_LIMIT + pos);
    };
    for (let k = 0; k + 1 < n; k++) push(k);
    while (heap.size > 0) {
      const key = heap.pop();
      const pos = key % POS_LIMIT;
      if (!alive[pos]) continue;
      const nx = next[pos]!;
      if (nx < 0) continue;
      const m = merges.get(ids[pos]!, ids[nx]!);
      if (m < 0 || Math.floor(m / ID_LIMIT) !== (key - pos) / POS_LIMIT) continue; // stale entry
      ids[pos] = m % ID_LIMIT;
      ends[pos] = ends[nx]!;
      alive[nx] = 0;
      next[pos] = next[nx]!;
      if (next[nx]! >= 0) prev[next[nx]!] = pos;
      if (prev[pos]! >= 0) push(prev[pos]!);
      push(pos);
    }
    let w = 0;
    for (let k = 0; k >= 0 && k < n; k = next[k]!) {
      ids[w] = ids[k]!;
      starts[w] = starts[k]!;
      ends[w] = ends[k]!;
      w++;
    }
    ids.length = w;
    starts.length = w;
    ends.length = w;
  }

  tokenToId(token: string) {
    return this.vocab.get(token);
  }

  idToToken(id: number) {
    return this.vocabR[id];
  }

  getVocab() {
    return new Map(this.vocab);
  }

  get vocabSize() {
    return this.vocab.size;
  }

  /** The merges, in rank order. */
  getMerges(): Array<[string, string]> {
    return this.mergeLeft.map((a, k) => [a, this.mergeRight[k]!]);
  }

  toJSON() {
    return {
      type: this.type,
      dropout: null,
      unk_token: this.unkToken,
      continuing_subword_prefix: this.continuingSubwordPrefix,
      end_of_word_suffix: this.endOfWordSuffix,
      fuse_unk: this.fuseUnk,
      byte_fallback: this.byteFallback,
      ignore_merges: this.ignoreMerges,
      vocab: vocabToJson(this.vocab),
      merges: this.getMerges(),
    };
  }

  /** The model from its tokenizer.json `model` object (errors name the bad field). */
  static fromJSON(o: Record<string, unknown>): BPE {
    if (o.dropout !== null && o.dropout !== undefined && o.dropout !== 0) {
      throw new Error(`model.dropout: BPE dropout (${o.dropout}) is not supported; set it to null`);
    }
    if (!Array.isArray(o.merges)) throw new Error('model.merges: expected an array of merges');
    const left: string[] = new Array(o.merges.length);
    const right: string[] = new Array(o.merges.length);
    o.merges.forEach((m: unknown, i: number) => {
      if (
        Array.isArray(m) &&
        m.length === 2 &&
        typeof m[0] === 'string' &&
        typeof m[1] === 'string'
      ) {
        left[i] = m[0];
        right[i] = m[1];
        return;
      }
      if (typeof m === 'string') {
        const sp = m.indexOf(' ', 1);
        if (sp > 0) {
          left[i] = m.slice(0, sp);
          right[i] = m.slice(sp + 1);
          return;
        }
      }
      throw new Error(`model.merges[${i}]: expected ["a", "b"] or "a b", got ${JSON.stringify(m)}`);
    });
    const vocab = vocabFromJson(o.vocab, 'model.vocab');
    ADOPTED.add(vocab);
    return new BPE(
      vocab,
      { left, right },
      {
        unkToken: (o.unk_token as string | null | undefined) ?? null,
        continuingSubwordPrefix: (o.continuing_subword_prefix as string | null | undefined) ?? null,
        endOfWordSuffix: (o.end_of_word_suffix as string | null | undefined) ?? null,
        fuseUnk: o.fuse_unk === true,
        ignoreMerges: o.ignore_merges === true,
        byteFallback: o.byte_fallback === true,
      },
    );
  }
}

const scratch = {
  next: new Int32Array(256),
  prev: new Int32Array(256),
  alive: new Uint8Array(256),
  heap: null as unknown as KeyHeap,
};

/** Positions in a word stay below 2^32; ranks below 2^21, so rank * 2^32 + pos is exact. */
const POS_LIMIT = 4294967296;

/** Binary min-heap of numbers on a growable Float64Array. */
class KeyHeap {
  private a: Float64Array;
  size = 0;
  constructor(capacity: number) {
    this.a = new Float64Array(Math.max(16, capacity));
  }
  push(x: number): void {
    if (this.size === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    const a = this.a;
    let i = this.size++;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (a[up]! <= x) break;
      a[i] = a[up]!;
      i = up;
    }
    a[i] = x;
  }
  pop(): number {
    const a = this.a;
    const top = a[0]!;
    const x = a[--this.size]!;
    const n = this.size;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const c = l + 1 < n && a[l + 1]! < a[l]! ? l + 1 : l;
      if (a[c]! >= x) break;
      a[i] = a[c]!;
      i = c;
    }
    a[i] = x;
    return top;
  }
}

scratch.heap = new KeyHeap(256);
