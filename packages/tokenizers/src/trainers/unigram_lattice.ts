import { Trie } from '../models/trie.js';

/** HF's `K_UNK_PENALTY`. */
const UNK_PENALTY = 10;

/**
 * The pieces being trained (HF builds a `Unigram` for each EM round): id 0 is the unknown
 * piece, whose score is NaN while training.
 */
export class PieceTable {
  readonly trie = new Trie();
  readonly scores: Float64Array;
  /** Lowest score (NaN ignored, as `<` with NaN is false in HF too). */
  readonly minScore: number;

  constructor(readonly pieces: ReadonlyArray<readonly [string, number]>) {
    this.scores = new Float64Array(pieces.length);
    let min = Number.POSITIVE_INFINITY;
    pieces.forEach(([p, s], id) => {
      this.scores[id] = s;
      if (p.length > 0) this.trie.insert(p, id);
      if (s < min) min = s;
    });
    this.minScore = min;
  }
}

/**
 * HF's training `Lattice` over one word, in flat arrays: node 0 is BOS, node 1 EOS, then the
 * vocab matches (and unknown chars) in insertion order: by start, then shorter first.
 */
export class Lattice {
  readonly n: number;
  /** Per node. */
  readonly pos: number[] = [0, 0];
  readonly len: number[] = [0, 0];
  readonly id: number[] = [-1, -2];
  readonly score: number[] = [0, 0];
  /** begin[p]..begin[p+1]: nodes starting at code unit p (contiguous: inserted in order). */
  readonly beginStart: Int32Array;
  /** endNodes[endStart[p]..endStart[p+1]]: nodes ending at p, in insertion order. */
  readonly endStart: Int32Array;
  readonly endNodes: Int32Array;
  /** Char start positions, then n: where HF's loops find nodes. */
  readonly starts: number[] = [];

  constructor(
    readonly word: string,
    table: PieceTable,
  ) {
    const n = word.length;
    this.n = n;
    this.pos[1] = n;
    const unkScore = table.minScore - UNK_PENALTY;
    this.beginStart = new Int32Array(n + 2);
    for (let s = 0; s < n; ) {
      this.starts.push(s);
      this.beginStart[s] = this.pos.length;
      const c = word.charCodeAt(s);
      const w =
        c >= 0xd800 && c <= 0xdbff && s + 1 < n && (word.charCodeAt(s + 1) & 0xfc00) === 0xdc00
          ? 2
          : 1;
      let single = false;
      let node = Trie.ROOT;
      for (let i = s; i < n; i++) {
        node = table.trie.step(node, word.charCodeAt(i));
        if (node < 0) break;
        const id = table.trie.idAt(node);
        if (id < 0) continue;
        this.add(s, i + 1 - s, id, table.scores[id]!);
        if (i + 1 - s === w) single = true;
      }
      if (!single) this.add(s, w, 0, unkScore);
      for (let k = s + 1; k < s + w; k++) this.beginStart[k] = this.pos.length;
      s += w;
    }
    this.starts.push(n);
    // Nodes starting at n: only EOS (kept apart: index 1).
    this.beginStart[n] = this.pos.length;
    this.beginStart[n + 1] = this.pos.length;
    // End lists by a stable counting sort on the end position (BOS ends at 0).
    const count = new Int32Array(n + 2);
    count[1]!++; // BOS
    for (let k = 2; k < this.pos.length; k++) count[this.pos[k]! + this.len[k]! + 1]!++;
    for (let p = 0; p <= n; p++) count[p + 1]! += count[p]!;
    this.endStart = count.slice();
    this.endNodes = new Int32Array(this.pos.length - 1);
    const fill = count.slice();
    this.endNodes[fill[0]!++] = 0;
    for (let k = 2; k < this.pos.length; k++)
      this.endNodes[fill[this.pos[k]! + this.len[k]!]!++] = k;
  }

  private add(pos: number, len: number, id: number, score: number): void {
    this.pos.push(pos);
    this.len.push(len);
    this.id.push(id);
    this.score.push(score);
  }

  /** Node ids starting at `p` (EOS alone at the end). */
  begins(p: number): number[] {
    const out: number[] = [];
    for (let k = this.b0(p); k < this.b1(p); k++) out.push(k);
    return out;
  }

  /** Node ids ending at `p` (BOS alone at 0). */
  ends(p: number): number[] {
    return Array.from(this.endNodes.subarray(this.endStart[p]!, this.endStart[p + 1]!));
  }

  /** First / past-the-last node starting at `p` (nodes starting at a char are contiguous). */
  private b0(p: number): number {
    return p === this.n ? 1 : this.beginStart[p]!;
  }
  private b1(p: number): number {
    return p === this.n ? 2 : this.beginStart[p + 1]!;
  }

  /** HF `viterbi`: best path as node ids, BOS/EOS excluded (ties: first predecessor). */
  viterbi(): number[] {
    const m = this.pos.length;
    const back = new Float64Array(m);
    const prev = new Int32Array(m).fill(-1);
    const { endNodes, endStart, score } = this;
    for (const p of this.starts) {
      const e0 = endStart[p]!;
      const e1 = endStart[p + 1]!;
      for (let r = this.b0(p), rEnd = this.b1(p); r < rEnd; r++) {
        let best = -1;
        let bestScore = 0;
        for (let e = e0; e < e1; e++) {
          const l = endNodes[e]!;
          const s = back[l]! + score[r]!;
          if (best < 0 || s > bestScore) {
            best = l;
            bestScore = s;
          }
        }
        if (best < 0) return [];
        prev[r] = best;
        back[r] = bestScore;
      }
    }
    this.back = back;
    const out: number[] = [];
    for (let k = prev[1]!; k > 0; k = prev[k]!) out.push(k);
    return out.reverse();
  }

  /** Backtrace scores of the last `viterbi` (A* heuristic of `nbest`). */
  private back: Float64Array | null = null;

  /** HF `nbest` (A* from EOS back to BOS): up to `k` best paths as node-id lists. */
  nbest(k: number): number[][] {
    this.viterbi();
    const back = this.back!;
    interface Hyp {
      node: number;
      next: Hyp | null;
      fx: number;
      gx: number;
    }
    const heap: Hyp[] = [{ node: 1, next: null, fx: 0, gx: 0 }];
    const out: number[][] = [];
    while (heap.length > 0) {
      const top = popMax(heap);
      if (top.node === 0) {
        const path: number[] = [];
        for (let h = top.next; h?.next; h = h.next) path.push(h.node);
        out.push(path);
        if (out.length === k) return out;
        continue;
      }
      for (const l of this.ends(this.pos[top.node]!)) {
        pushMax(heap, { node: l, next: top, fx: back[l]! + top.gx, gx: this.score[l]! + top.gx });
      }
    }
    return out;
  }

  /**
   * HF `populate_marginal`: adds `freq` x the posterior of each node to `expected[vocabId]`
   * (forward-backward in log space) and returns `freq` x log Z.
   */
  populateMarginal(freq: number, expected: Float64Array): number {
    const m = this.pos.length;
    const alpha = new Float64Array(m);
    const beta = new Float64Array(m);
    const { endNodes, endStart, score, starts } = this;
    for (const p of starts) {
      const e0 = endStart[p]!;
      const e1 = endStart[p + 1]!;
      for (let r = this.b0(p), rEnd = this.b1(p); r < rEnd; r++) {
        for (let e = e0; e < e1; e++) {
          const l = endNodes[e]!;
          alpha[r] = logSumExp(alpha[r]!, score[l]! + alpha[l]!, e === e0);
        }
      }
    }
    for (let q = starts.length - 1; q >= 0; q--) {
      const p = starts[q]!;
      const r0 = this.b0(p);
      const r1 = this.b1(p);
      for (let e = endStart[p]!, e1 = endStart[p + 1]!; e < e1; e++) {
        const l = endNodes[e]!;
        for (let r = r0; r < r1; r++) {
          beta[l] = logSumExp(beta[l]!, score[r]! + beta[r]!, r === r0);
        }
      }
    }
    const z = alpha[1]!;
    for (let k = 2; k < m; k++) {
      expected[this.id[k]!]! += freq * Math.exp(alpha[k]! + score[k]! + beta[k]! - z);
    }
    return freq * z;
  }
}

function logSumExp(x: number, y: number, init: boolean): number {
  if (init) return y;
  // HF's exact order: (vmin, vmax) = x > y ? (y, x) : (x, y), NaN included.
  let vmin = x;
  let vmax = y;
  if (x > y) {
    vmin = y;
    vmax = x;
  }
  return vmax > vmin + 50 ? vmax : vmax + Math.log(Math.exp(vmin - vmax) + 1);
}

/** Binary max-heap on `fx`. */
function pushMax<T extends { fx: number }>(h: T[], x: T): void {
  h.push(x);
  for (let i = h.length - 1; i > 0; ) {
    const p = (i - 1) >> 1;
    if (h[p]!.fx >= h[i]!.fx) break;
    [h[p], h[i]] = [h[i]!, h[p]!];
    i = p;
  }
}

function popMax<T extends { fx: number }>(h: T[]): T {
  const top = h[0]!;
  const last = h.pop()!;
  if (h.length > 0) {
    h[0] = last;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && h[l]!.fx > h[m]!.fx) m = l;
      if (r < h.length && h[r]!.fx > h[m]!.fx) m = r;
      if (m === i) break;
      [h[m], h[i]] = [h[i]!, h[m]!];
      i = m;
    }
  }
  return top;
}
