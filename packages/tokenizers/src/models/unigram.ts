import type { Token } from '../pre_tokenized_string.js';
import type { Model } from './model.js';
import { Trie } from './trie.js';

/** Options of the Unigram model (HF field names in camelCase). */
export interface UnigramOptions {
  /** Index in `vocab` of the unknown piece; without it an unknown char is an error. */
  unkId?: number | null;
  /** Unknown text becomes its UTF-8 bytes as `<0xNN>` pieces when they are all in the vocab. */
  byteFallback?: boolean;
}

/** HF's `K_UNK_PENALTY`: an unknown char scores this much below the worst piece. */
const UNK_PENALTY = 10;

/** `<0x00>` .. `<0xFF>`, the byte-fallback piece names. */
const BYTE_PIECES = Array.from(
  { length: 256 },
  (_, b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`,
);

const utf8 = new TextEncoder();

/**
 * SentencePiece's Unigram language model (T5, ALBERT, XLM-R): a word is cut into the pieces
 * whose summed log-probability scores are highest (Viterbi over every vocab match).
 *
 *   const m = new Unigram([['<unk>', 0], ['a', -1], ['b', -1], ['ab', -1.5]], { unkId: 0 });
 *   m.tokenize('abx').map((t) => t.value)   // ['ab', 'x']  ('x' is unknown: id 0)
 *
 * Mirrors HF's `encode_optimized`: matches are tried shortest first from each char, a later
 * candidate wins only with a strictly higher score, and runs of unknown chars are fused.
 */
export class Unigram implements Model {
  readonly type = 'Unigram';
  readonly unkId: number | null;
  readonly byteFallback: boolean;
  /** Lowest piece score (HF `min_score`); unknown chars score `minScore - 10`. */
  readonly minScore: number;
  private readonly pieces: string[];
  private readonly scores: Float64Array;
  /** Piece -> id through the trie (no Map: loading a 250k vocab stays fast); a duplicated
   * piece maps to its last id, as in HF. */
  private readonly trie = new Trie();
  /** Id of the empty piece (the trie cannot hold it), -1 if none. */
  private emptyId = -1;
  /** Id of `<0xNN>` per byte, -1 if missing. */
  private readonly byteIds = new Int32Array(256).fill(-1);
  // Viterbi buffers, per code-unit position (grown as needed, reused across calls).
  private best = new Float64Array(64);
  private from = new Int32Array(64);
  private via = new Int32Array(64);

  constructor(vocab: ReadonlyArray<readonly [string, number]>, options: UnigramOptions = {}) {
    const unkId = options.unkId ?? null;
    if (unkId !== null) {
      if (vocab.length === 0)
        throw new Error('Unigram: the vocabulary is empty but at least <unk> is needed');
      if (!Number.isInteger(unkId) || unkId < 0 || unkId >= vocab.length) {
        throw new Error(
          `Unigram: unk_id ${unkId} is not an index of the ${vocab.length}-piece vocabulary; give the index of the unknown piece or null`,
        );
      }
    }
    this.unkId = unkId;
    this.byteFallback = options.byteFallback ?? false;
    this.pieces = new Array<string>(vocab.length);
    this.scores = new Float64Array(vocab.length);
    let min = Number.POSITIVE_INFINITY;
    vocab.forEach(([piece, score], id) => {
      if (typeof piece !== 'string' || typeof score !== 'number') {
        throw new Error(
          `Unigram: vocab[${id}] must be [piece, score], got ${JSON.stringify([piece, score])}`,
        );
      }
      this.pieces[id] = piece;
      this.scores[id] = score;
      if (piece.length > 0) this.trie.insert(piece, id);
      else this.emptyId = id;
      if (score < min) min = score;
    });
    this.minScore = min;
    for (let b = 0; b < 256; b++) this.byteIds[b] = this.lookup(BYTE_PIECES[b]!);
  }

  /** Id of `piece`, or -1. */
  private lookup(piece: string): number {
    if (piece.length === 0) return this.emptyId;
    let node = Trie.ROOT;
    for (let i = 0; i < piece.length && node >= 0; i++)
      node = this.trie.step(node, piece.charCodeAt(i));
    return node < 0 ? -1 : this.trie.idAt(node);
  }

  /** The vocabulary as [piece, score] pairs, in id order. */
  get vocab(): Array<[string, number]> {
    return this.pieces.map((p, i) => [p, this.scores[i]!]);
  }

  /** Score (log probability) of piece `id`. */
  scoreOf(id: number): number | undefined {
    return id >= 0 && id < this.pieces.length ? this.scores[id] : undefined;
  }

  private grow(n: number): void {
    if (this.best.length > n) return;
    const size = Math.max(n + 1, this.best.length * 2);
    this.best = new Float64Array(size);
    this.from = new Int32Array(size);
    this.via = new Int32Array(size);
  }

  /** Best segmentation of `word` as [start, end, id] triples (unknown runs fused, id = unkId). */
  private viterbi(word: string): number[] {
    const n = word.length;
    this.grow(n);
    const { best, from, via, trie, scores } = this;
    const unkScore = this.minScore - UNK_PENALTY;
    from.fill(-1, 0, n + 1);
    best[0] = 0;
    for (let s = 0; s < n; ) {
      const c = word.charCodeAt(s);
      const w =
        c >= 0xd800 && c <= 0xdbff && s + 1 < n && (word.charCodeAt(s + 1) & 0xfc00) === 0xdc00
          ? 2
          : 1;
      // An unreachable position scores 0 in HF (its default node); kept for parity.
      const here = from[s] === -1 && s > 0 ? 0 : best[s]!;
      let single = false;
      let node = Trie.ROOT;
      for (let i = s; i < n; i++) {
        node = trie.step(node, word.charCodeAt(i));
        if (node < 0) break;
        const id = trie.idAt(node);
        if (id < 0) continue;
        const e = i + 1;
        const cand = scores[id]! + here;
        if (from[e] === -1 || cand > best[e]!) {
          best[e] = cand;
          from[e] = s;
          via[e] = id;
        }
        if (e - s === w) single = true;
      }
      if (!single) {
        const e = s + w;
        const cand = unkScore + here;
        if (from[e] === -1 || cand > best[e]!) {
          if (this.unkId === null) {
            throw new Error(
              `Unigram: ${JSON.stringify(word.slice(s, e))} is not in the vocabulary and the model has no unk_id; give the model an unk_id or add the char`,
            );
          }
          best[e] = cand;
          from[e] = s;
          via[e] = this.unkId;
        }
      }
      s += w;
    }
    // Backtrack, fusing consecutive unknowns into one span.
    const out: number[] = [];
    let e = n;
    let unkEnd = -1;
    while (e > 0) {
      const s = from[e]!;
      if (s < 0) throw new Error(`Unigram: no segmentation reaches position ${e} of the word`);
      const id = via[e]!;
      if (id === this.unkId) {
        if (unkEnd < 0) unkEnd = e;
      } else {
        if (unkEnd >= 0) {
          out.push(e, unkEnd, this.unkId!);
          unkEnd = -1;
        }
        out.push(s, e, id);
      }
      e = s;
    }
    if (unkEnd >= 0) out.push(0, unkEnd, this.unkId!);
    return out; // reversed triples: [start, end, id] from the last piece to the first
  }

  tokenize(word: string): Token[] {
    // No word cache: the Viterbi pass is cheaper than hashing the word (measured).
    if (word.length === 0) return [];
    const path = this.viterbi(word);
    const tokens: Token[] = [];
    for (let k = path.length - 3; k >= 0; k -= 3) {
      const start = path[k]!;
      const end = path[k + 1]!;
      const pathId = path[k + 2]!;
      const value = word.slice(start, end);
      if (pathId !== this.unkId) {
        tokens.push({ id: pathId, value, start, end });
        continue;
      }
      // HF looks the fused surface up again: it may be a piece after all.
      const known = this.lookup(value);
      if (known >= 0) {
        tokens.push({ id: known, value, start, end });
        continue;
      }
      if (this.byteFallback && this.pushBytes(value, start, end, tokens)) continue;
      tokens.push({ id: this.unkId, value, start, end });
    }
    return tokens;
  }

  /** `<0xNN>` pieces for the UTF-8 bytes of `value`, all spanning it; false if one is missing. */
  private pushBytes(value: string, start: number, end: number, out: Token[]): boolean {
    const bytes = utf8.encode(value);
    for (const b of bytes) if (this.byteIds[b]! < 0) return false;
    for (const b of bytes) out.push({ id: this.byteIds[b]!, value: BYTE_PIECES[b]!, start, end });
    return true;
  }

  tokenToId(token: string) {
    const id = this.lookup(token);
    return id >= 0 ? id : undefined;
  }

  idToToken(id: number) {
    return Number.isInteger(id) ? this.pieces[id] : undefined;
  }

  getVocab() {
    const m = new Map<string, number>();
    this.pieces.forEach((p, i) => {
      m.set(p, i);
    });
    return m;
  }

  get vocabSize() {
    return this.pieces.length;
  }

  toJSON() {
    return {
      type: this.type,
      unk_id: this.unkId,
      vocab: this.vocab,
      byte_fallback: this.byteFallback,
    };
  }

  /** The model from its tokenizer.json `model` object (errors name the bad field). */
  static fromJSON(o: Record<string, unknown>): Unigram {
    if (!Array.isArray(o.vocab))
      throw new Error('model.vocab: expected an array of [piece, score] pairs');
    const vocab = o.vocab as Array<[string, number]>;
    for (let i = 0; i < vocab.length; i++) {
      const e: unknown = vocab[i];
      if (!Array.isArray(e) || typeof e[0] !== 'string' || typeof e[1] !== 'number') {
        throw new Error(
          `model.vocab[${i}]: expected [piece, score], got ${JSON.stringify(e)?.slice(0, 80)}`,
        );
      }
    }
    const unk = o.unk_id;
    if (unk !== undefined && unk !== null && typeof unk !== 'number')
      throw new Error(`model.unk_id: expected a number or null, got ${JSON.stringify(unk)}`);
    if (o.byte_fallback !== undefined && typeof o.byte_fallback !== 'boolean')
      throw new Error(`model.byte_fallback: expected true or false`);
    return new Unigram(vocab, {
      unkId: (unk as number | null | undefined) ?? null,
      byteFallback: (o.byte_fallback as boolean | undefined) ?? false,
    });
  }
}
