import { Unigram } from '../models/unigram.js';
import { compareCodePoints } from '../unicode.js';
import { repeatedSubstrings } from './suffix_array.js';
import type { Trainer, TrainResult } from './trainer.js';
import { Lattice, PieceTable } from './unigram_lattice.js';

/** Options of the Unigram trainer (HF's `UnigramTrainer`, in camelCase; same defaults). */
export interface UnigramTrainerOptions {
  /** Final vocabulary size, special tokens included. Default 8,000. */
  vocabSize?: number;
  /** EM iterations between two prunings. Default 2. */
  nSubIterations?: number;
  /** Share of pieces kept by each pruning. Default 0.75. */
  shrinkingFactor?: number;
  /** Put first with score 0, in this order. */
  specialTokens?: string[];
  /** Chars kept in the vocabulary even when the words lack them. */
  initialAlphabet?: string[];
  /** The unknown piece; it gets id 0 unless it is one of the special tokens. Default none. */
  unkToken?: string | null;
  /** Longest seed piece, in chars. Default 16. */
  maxPieceLength?: number;
  /** Most seed pieces taken from the suffix array. Default 1,000,000. */
  seedSize?: number;
}

type Piece = [string, number];

/** HF's digamma (asymptotic series after shifting x above 7). */
export function digamma(x: number): number {
  let r = 0;
  while (x < 7) {
    r -= 1 / x;
    x += 1;
  }
  x -= 1 / 2;
  const xx = 1 / x;
  const xx2 = xx * xx;
  const xx4 = xx2 * xx2;
  return (
    r +
    Math.log(x) +
    (1 / 24) * xx2 -
    (7 / 960) * xx4 +
    (31 / 8064) * xx4 * xx2 -
    (127 / 30720) * xx4 * xx4
  );
}

function toLogProb(pieces: Piece[]): void {
  let sum = 0;
  for (const p of pieces) sum += p[1];
  const logsum = Math.log(sum);
  for (const p of pieces) p[1] = Math.log(p[1]) - logsum;
}

/**
 * HF's Unigram trainer (SentencePiece's algorithm): seed pieces from the suffix array (every
 * char, then repeated substrings by freq x length), then EM rounds (expected piece counts by
 * forward-backward, digamma M-step) each followed by pruning the pieces whose removal costs
 * the least likelihood, until the vocabulary is within 1.1 x vocabSize.
 *
 *   tok.train(lines, new UnigramTrainer({ vocabSize: 8000, unkToken: '<unk>', specialTokens: ['<unk>'] }))
 */
export class UnigramTrainer implements Trainer {
  readonly vocabSize: number;
  readonly nSubIterations: number;
  readonly shrinkingFactor: number;
  readonly specialTokens: string[];
  readonly initialAlphabet: string[];
  readonly unkToken: string | null;
  readonly maxPieceLength: number;
  readonly seedSize: number;

  constructor(options: UnigramTrainerOptions = {}) {
    this.vocabSize = options.vocabSize ?? 8000;
    this.nSubIterations = options.nSubIterations ?? 2;
    this.shrinkingFactor = options.shrinkingFactor ?? 0.75;
    this.specialTokens = options.specialTokens ?? [];
    this.initialAlphabet = options.initialAlphabet ?? [];
    this.unkToken = options.unkToken ?? null;
    this.maxPieceLength = options.maxPieceLength ?? 16;
    this.seedSize = options.seedSize ?? 1_000_000;
  }

  /** A Unigram model from word counts. */
  train(wordCounts: Map<string, number>): TrainResult {
    const sentences = [...wordCounts];
    const required = this.requiredChars(sentences);
    if (required.length > this.vocabSize) {
      throw new Error(
        `UnigramTrainer: the ${required.length} distinct chars do not fit in vocabSize ${this.vocabSize}; raise vocabSize`,
      );
    }
    let pieces: Piece[] = [['<UNK>', Number.NaN], ...this.seedPieces(sentences)];
    const desired = Math.floor((this.vocabSize * 11) / 10);
    let table = new PieceTable(pieces);
    for (;;) {
      for (let it = 0; it < this.nSubIterations; it++) {
        pieces = this.mStep(pieces, this.eStep(table, sentences));
        table = new PieceTable(pieces);
      }
      if (pieces.length <= desired) break;
      pieces = this.prune(table, pieces, sentences);
      table = new PieceTable(pieces);
    }
    return { model: this.finalize(table, pieces, required), specialTokens: this.specialTokens };
  }

  /** Every char of the words and of `initialAlphabet`, in code point order. */
  requiredChars(sentences: Array<[string, number]>): string[] {
    const set = new Set<string>(this.initialAlphabet);
    for (const [w] of sentences) for (const c of w) set.add(c);
    return [...set].sort(compareCodePoints);
  }

  /** HF `make_seed_sentence_pieces`: [piece, log prob] for chars, then repeated substrings. */
  seedPieces(sentences: Array<[string, number]>): Array<[string, number]> {
    const flat: number[] = [];
    const chars = new Map<number, number>();
    for (const [w, n] of sentences) {
      if (w.length === 0) continue;
      for (const c of w) {
        const cp = c.codePointAt(0)!;
        flat.push(cp);
        if (cp !== 0) chars.set(cp, (chars.get(cp) ?? 0) + n);
      }
      flat.push(0); // sentence boundary
    }
    const seeds: Piece[] = [...chars]
      .sort((a, b) => b[1] - a[1] || b[0] - a[0])
      .map(([cp, n]) => [String.fromCodePoint(cp), n]);
    const subs: Array<[number, number, number]> = []; // score, offset, length
    const nodes = repeatedSubstrings(flat);
    for (let k = 0; k < nodes.length; k += 3) {
      const [off, len, freq] = [nodes[k]!, nodes[k + 1]!, nodes[k + 2]!];
      if (len <= 1 || len > this.maxPieceLength) continue;
      let boundary = false;
      for (let i = off; i < off + len && !boundary; i++) boundary = flat[i] === 0;
      if (!boundary) subs.push([freq * len, off, len]);
    }
    // Reverse((score, chars)): higher score first, then the greater char sequence.
    subs.sort((a, b) => b[0] - a[0] || compareSeq(flat, b[1], b[2], a[1], a[2]));
    for (const [score, off, len] of subs) {
      if (seeds.length >= this.seedSize) break;
      seeds.push([String.fromCodePoint(...flat.slice(off, off + len)), score]);
    }
    toLogProb(seeds);
    return seeds;
  }

  /** HF `run_e_step`: expected count of each piece over all words. */
  private eStep(table: PieceTable, sentences: Array<[string, number]>): Float64Array {
    const expected = new Float64Array(table.pieces.length);
    for (const [w, n] of sentences) {
      const z = new Lattice(w, table).populateMarginal(n, expected);
      if (Number.isNaN(z))
        throw new Error('UnigramTrainer: likelihood is NaN; a word may be too long');
    }
    return expected;
  }

  /** HF `run_m_step`: drops pieces expected < 0.5 times; scores digamma(c) - digamma(sum). */
  private mStep(pieces: Piece[], expected: Float64Array): Piece[] {
    const out: Piece[] = [];
    let sum = 0;
    pieces.forEach(([p], i) => {
      if (i === 0) out.push([p, Number.NaN]);
      else if (expected[i]! >= 0.5) {
        out.push([p, expected[i]!]);
        sum += expected[i]!;
      }
    });
    const logsum = digamma(sum);
    for (const p of out) p[1] = digamma(p[1]) - logsum;
    return out;
  }

  /** HF `prune_sentence_pieces`: keeps the pieces whose loss of likelihood would be largest. */
  private prune(table: PieceTable, pieces: Piece[], sentences: Array<[string, number]>): Piece[] {
    const alwaysKeep = new Array<boolean>(pieces.length).fill(true);
    const alternatives: number[][] = pieces.map(() => []);
    for (let id = 1; id < pieces.length; id++) {
      const lat = new Lattice(pieces[id]![0], table);
      const nb = lat.nbest(2);
      if (nb.length === 1) alwaysKeep[id] = true;
      else if (nb[0]!.length >= 2) alwaysKeep[id] = false;
      else if (nb[0]!.length === 1) {
        alwaysKeep[id] = true;
        for (const node of nb[1]!) alternatives[id]!.push(lat.id[node]!);
      }
    }
    alwaysKeep[0] = false;
    let vsum = 0;
    const freq = new Float64Array(pieces.length);
    const inverted: number[][] = pieces.map(() => []);
    sentences.forEach(([w, n], i) => {
      const lat = new Lattice(w, table);
      vsum += n;
      for (const node of lat.viterbi()) {
        const id = lat.id[node]!;
        freq[id]! += n;
        inverted[id]!.push(i);
      }
    });
    let sum = 0;
    for (const f of freq) sum += f;
    const logsum = Math.log(sum);
    const candidates: Array<[number, number]> = [];
    const out: Piece[] = [pieces[0]!];
    for (let id = 1; id < pieces.length; id++) {
      if (freq[id] === 0 && !alwaysKeep[id]) continue;
      if (alternatives[id]!.length === 0) {
        out.push(pieces[id]!);
        continue;
      }
      let f = 0;
      for (const s of inverted[id]!) f += sentences[s]![1];
      if (f === 0 || Number.isNaN(f)) continue;
      f /= vsum;
      const logprobSp = Math.log(freq[id]!) - logsum;
      // HF multiplies by (number of pieces - 1) here (`alternatives.len()`); kept for parity.
      const logsumAlt = Math.log(sum + freq[id]! * (alternatives.length - 1));
      let logprobAlt = 0;
      for (const a of alternatives[id]!) logprobAlt += Math.log(freq[a]! + freq[id]!) - logsumAlt;
      candidates.push([id, f * (logprobSp - logprobAlt)]);
    }
    const desired = Math.floor((this.vocabSize * 11) / 10);
    const pruned = Math.max(desired, Math.floor(pieces.length * this.shrinkingFactor));
    candidates.sort((a, b) => b[1] - a[1]);
    for (const [id] of candidates) {
      if (out.length === pruned) break;
      out.push(pieces[id]!);
    }
    return out;
  }

  /** HF `finalize`: required chars, special tokens (and unk) first, pieces by score. */
  private finalize(table: PieceTable, pieces: Piece[], required: string[]): Unigram {
    let penalty = 0;
    const out: Piece[] = [];
    const inserted = new Set<string>(['<UNK>']);
    const existing = new Map<string, number>(pieces);
    for (const c of required) {
      const s = existing.get(c);
      inserted.add(c);
      if (s !== undefined) out.push([c, s]);
      else {
        out.push([c, table.minScore + penalty]);
        penalty += 0.0001;
      }
    }
    let unkId: number | null = null;
    let addUnk = false;
    if (this.unkToken !== null) {
      const i = this.specialTokens.indexOf(this.unkToken);
      unkId = Math.max(i, 0);
      addUnk = i < 0;
    }
    const room = this.vocabSize - this.specialTokens.length - (addUnk ? 1 : 0);
    for (const [p, s] of pieces) {
      if (inserted.has(p)) continue;
      inserted.add(p);
      out.push([p, Number.isNaN(s) ? 0 : s]);
      if (out.length === room) break;
    }
    out.sort((a, b) => b[1] - a[1]);
    const specials: Piece[] = this.specialTokens.map((t) => [t, 0]);
    if (addUnk) specials.unshift([this.unkToken!, 0]);
    return new Unigram([...specials, ...out], { unkId });
  }
}

/** Compares code point runs flat[a..a+la) and flat[b..b+lb) (a prefix sorts first). */
function compareSeq(flat: number[], a: number, la: number, b: number, lb: number): number {
  for (let i = 0; i < la && i < lb; i++) {
    const d = flat[a + i]! - flat[b + i]!;
    if (d !== 0) return d;
  }
  return la - lb;
}
