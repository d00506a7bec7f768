import { BPE, ID_LIMIT, pairKey } from '../models/bpe.js';
import { compareCodePoints } from '../unicode.js';
import type { Trainer, TrainResult } from './trainer.js';

/** Options of the BPE trainer (HF's, in camelCase). */
export interface BpeTrainerOptions {
  /** Target vocabulary size (special tokens and alphabet included). Default 30,000. */
  vocabSize?: number;
  /** Stop when the best pair is seen fewer times. Default 0. */
  minFrequency?: number;
  /** First ids, in this order. */
  specialTokens?: string[];
  /** Keep at most this many distinct chars (the most frequent). Default: no limit. */
  limitAlphabet?: number | null;
  /** Chars always in the alphabet, seen or not (e.g. byteLevelAlphabet()). */
  initialAlphabet?: string[];
  /** Prefix for symbols that do not start a word ('##' for WordPiece). Default none. */
  continuingSubwordPrefix?: string | null;
  /** Suffix for symbols that end a word (e.g. '</w>'). Default none. */
  endOfWordSuffix?: string | null;
  /** Unknown-char token for the BPE model. Default none. */
  unkToken?: string | null;
}

/** The learned vocabulary and merges (rank order). */
export interface BpeTrainOutput {
  vocab: Map<string, number>;
  merges: Array<[string, string]>;
}

interface QueueItem {
  count: number;
  key: number;
  pos: Set<number>;
}

/** Max-heap by count, ties by smaller pair (a, then b): HF's `Merge` ordering. */
class MergeQueue {
  private items: QueueItem[] = [];
  get size() {
    return this.items.length;
  }
  private before(x: QueueItem, y: QueueItem) {
    return x.count > y.count || (x.count === y.count && x.key < y.key);
  }
  push(it: QueueItem) {
    const a = this.items;
    a.push(it);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }
  pop(): QueueItem {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.before(a[l]!, a[m]!)) m = l;
        if (r < a.length && this.before(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

/**
 * Learns BPE merges the way HF's `BpeTrainer` does: special tokens, then the alphabet
 * (sorted by code point), then repeatedly merge the most frequent adjacent pair (ties:
 * smallest ids first) until the vocabulary is full or no pair reaches `minFrequency`.
 *
 *   counts {hug: 10, pug: 5, hugs: 5} -> alphabet g h p s u; first merge (u, g) -> "ug" (seen 20 times)
 */
export class BpeTrainer implements Trainer {
  readonly options: Required<BpeTrainerOptions>;

  constructor(options: BpeTrainerOptions = {}) {
    this.options = {
      vocabSize: options.vocabSize ?? 30_000,
      minFrequency: options.minFrequency ?? 0,
      specialTokens: options.specialTokens ?? [],
      limitAlphabet: options.limitAlphabet ?? null,
      initialAlphabet: options.initialAlphabet ?? [],
      continuingSubwordPrefix: options.continuingSubwordPrefix ?? null,
      endOfWordSuffix: options.endOfWordSuffix ?? null,
      unkToken: options.unkToken ?? null,
    };
  }

  /** A BPE model learned from word counts. */
  train(wordCounts: Map<string, number>): TrainResult {
    const { vocab, merges } = this.learn(wordCounts);
    const o = this.options;
    return {
      model: new BPE(vocab, merges, {
        unkToken: o.unkToken,
        continuingSubwordPrefix: o.continuingSubwordPrefix,
        endOfWordSuffix: o.endOfWordSuffix,
      }),
      specialTokens: o.specialTokens,
    };
  }

  /** The core algorithm, returning the raw vocabulary and merges. */
  learn(wordCounts: Map<string, number>): BpeTrainOutput {
    const o = this.options;
    const w2id = new Map<string, number>();
    const id2w: string[] = [];
    const add = (s: string) => {
      let id = w2id.get(s);
      if (id === undefined) {
        id = id2w.length;
        id2w.push(s);
        w2id.set(s, id);
      }
      return id;
    };
    // 1. Special tokens.
    for (const t of o.specialTokens) add(t);

    // 2. Alphabet: chars weighted by word count; the initial alphabet always stays.
    const alphabet = new Map<string, number>();
    for (const [word, count] of wordCounts) {
      for (const ch of word) alphabet.set(ch, (alphabet.get(ch) ?? 0) + count);
    }
    for (const ch of o.initialAlphabet) alphabet.set(ch, Number.POSITIVE_INFINITY);
    let kept = [...alphabet];
    if (o.limitAlphabet !== null && kept.length > o.limitAlphabet) {
      // Drop the rarest; ties go by code point so the result is deterministic (HF's is not).
      kept.sort((x, y) => x[1] - y[1] || compareCodePoints(y[0], x[0]));
      kept = kept.slice(kept.length - o.limitAlphabet);
    }
    kept.sort((x, y) => compareCodePoints(x[0], y[0]));
    for (const [ch] of kept) add(ch);

    // 3. Words as symbol ids. Prefixed/suffixed symbols get ids in code point order of their
    // char (HF assigns them in hash-map order, which changes from run to run).
    const prefix = o.continuingSubwordPrefix;
    const suffix = o.endOfWordSuffix;
    const entries = [...wordCounts];
    const words: number[][] = new Array(entries.length);
    const counts = new Float64Array(entries.length);
    if (prefix || suffix) {
      const extra = new Set<string>();
      for (const [word] of entries) {
        const chars = [...word];
        chars.forEach((ch, i) => {
          if (!w2id.has(ch)) return;
          let s = ch;
          if (i > 0 && prefix) s = prefix + s;
          if (i === chars.length - 1 && suffix) s += suffix;
          if (!w2id.has(s)) extra.add(s);
        });
      }
      const strip = (s: string) => (prefix && s.startsWith(prefix) ? s.slice(prefix.length) : s);
      [...extra]
        .sort((x, y) => compareCodePoints(strip(x), strip(y)) || compareCodePoints(x, y))
        .forEach(add);
    }
    entries.forEach(([word, count], wi) => {
      const chars = [...word];
      const syms: number[] = [];
      chars.forEach((ch, i) => {
        if (!w2id.has(ch)) return; // outside the (limited) alphabet
        let s = ch;
        if (i > 0 && prefix) s = prefix + s;
        if (i === chars.length - 1 && suffix) s += suffix;
        syms.push(w2id.get(s)!);
      });
      words[wi] = syms;
      counts[wi] = count;
    });

    // 4. Pair counts and where each pair occurs.
    const pairCounts = new Map<number, number>();
    let where = new Map<number, Set<number>>();
    for (let wi = 0; wi < words.length; wi++) {
      const syms = words[wi]!;
      const c = counts[wi]!;
      for (let k = 0; k + 1 < syms.length; k++) {
        const key = pairKey(syms[k]!, syms[k + 1]!);
        pairCounts.set(key, (pairCounts.get(key) ?? 0) + c);
        let set = where.get(key);
        if (!set) where.set(key, (set = new Set()));
        set.add(wi);
      }
    }
    const queue = new MergeQueue();
    for (const [key, pos] of where) {
      const count = pairCounts.get(key)!;
      if (count > 0) queue.push({ count, key, pos });
    }
    where = new Map();

    // 5. Merge until the vocabulary is full.
    const merges: Array<[string, string]> = [];
    const changes: number[] = []; // flattened (pairKey, delta) of one word's merge
    while (w2id.size < o.vocabSize && queue.size > 0) {
      const top = queue.pop();
      const current = pairCounts.get(top.key)!;
      if (top.count !== current) {
        top.count = current;
        queue.push(top);
        continue;
      }
      if (top.count < 1 || o.minFrequency > top.count) break;
      const a = Math.floor(top.key / ID_LIMIT);
      const b = top.key % ID_LIMIT;
      const partA = id2w[a]!;
      let partB = id2w[b]!;
      if (prefix && partB.startsWith(prefix)) partB = partB.slice(prefix.length);
      const newId = add(partA + partB);
      merges.push([partA, id2w[b]!]);

      for (const wi of top.pos) {
        changes.length = 0;
        words[wi] = mergeWord(words[wi]!, a, b, newId, changes);
        const c = counts[wi]!;
        for (let k = 0; k < changes.length; k += 2) {
          const key = changes[k]!;
          const delta = changes[k + 1]!;
          pairCounts.set(key, (pairCounts.get(key) ?? 0) + delta * c);
          if (delta > 0) {
            let set = where.get(key);
            if (!set) where.set(key, (set = new Set()));
            set.add(wi);
          }
        }
      }
      for (const [key, pos] of where) {
        const count = pairCounts.get(key)!;
        if (count > 0) queue.push({ count, key, pos });
      }
      where.clear();
    }
    return { vocab: w2id, merges };
  }
}

/**
 * Replaces each non-overlapping (a, b) in `syms` (left to right) by `rep`, recording the
 * pair-count changes as HF's `Word::merge` does (the merged pair itself is not decremented).
 */
function mergeWord(syms: number[], a: number, b: number, rep: number, changes: number[]): number[] {
  const n = syms.length;
  let i = 0;
  // Fast exit: most words in `pos` still contain the pair, but skip allocation if not.
  for (; i + 1 < n; i++) if (syms[i] === a && syms[i + 1] === b) break;
  if (i + 1 >= n) return syms;
  const out = syms.slice(0, i);
  while (i < n) {
    if (syms[i] === a && i + 1 < n && syms[i + 1] === b) {
      if (out.length > 0) {
        const prev = out[out.length - 1]!;
        changes.push(pairKey(prev, a), -1, pairKey(prev, rep), 1);
      }
      out.push(rep);
      if (i + 2 < n) {
        const next = syms[i + 2]!;
        changes.push(pairKey(b, next), -1, pairKey(rep, next), 1);
      }
      i += 2;
    } else {
      out.push(syms[i]!);
      i++;
    }
  }
  return out;
}
