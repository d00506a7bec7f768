/**
 * Suffix array + the internal nodes of the suffix tree (esaxx, as HF's Unigram trainer uses
 * through the esaxx-rs crate): every substring that occurs at least twice and is followed by
 * two different chars (or ends the text), with its number of occurrences.
 *
 *   repeatedSubstrings([...'abracadabra'].map(c => c.codePointAt(0)))
 *   // includes 'abra' x2, 'a' x5, 'bra' x2, 'ra' x2 (offset, length, freq triples)
 */

/** Suffix array of `s` (code points) by prefix doubling with counting sorts: O(n log n). */
export function suffixArray(s: ArrayLike<number>): Int32Array {
  const n = s.length;
  const sa = new Int32Array(n);
  if (n === 0) return sa;
  // Initial ranks: code points compressed to 0..k-1.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => s[a]! - s[b]!);
  let rank = new Int32Array(n);
  let k = 0;
  order.forEach((p, i) => {
    if (i > 0 && s[p] !== s[order[i - 1]!]) k++;
    rank[p] = k;
    sa[i] = p;
  });
  let classes = k + 1;
  const tmp = new Int32Array(n);
  let next = new Int32Array(n);
  const count = new Int32Array(Math.max(n, classes) + 1);
  for (let h = 1; classes < n; h <<= 1) {
    // Order by the second key (rank at i + h; past the end sorts first), then stably by the first.
    let p = 0;
    for (let i = n - h; i < n; i++) tmp[p++] = i;
    for (let j = 0; j < n; j++) if (sa[j]! >= h) tmp[p++] = sa[j]! - h;
    count.fill(0, 0, classes + 1);
    for (let i = 0; i < n; i++) count[rank[i]! + 1]!++;
    for (let c = 0; c < classes; c++) count[c + 1]! += count[c]!;
    for (let j = 0; j < n; j++) {
      const i = tmp[j]!;
      sa[count[rank[i]!]!++] = i;
    }
    next[sa[0]!] = 0;
    classes = 1;
    for (let j = 1; j < n; j++) {
      const a = sa[j - 1]!;
      const b = sa[j]!;
      const ra = a + h < n ? rank[a + h]! : -1;
      const rb = b + h < n ? rank[b + h]! : -1;
      if (rank[a] !== rank[b] || ra !== rb) classes++;
      next[b] = classes - 1;
    }
    [rank, next] = [next, rank];
  }
  return sa;
}

/**
 * esaxx's `suffixtree`: the internal nodes as flattened [offset, length, freq] triples, in
 * esaxx's order (a node is emitted when the LCP stack pops it).
 */
export function repeatedSubstrings(s: ArrayLike<number>): number[] {
  const n = s.length;
  if (n === 0) return [];
  const sa = suffixArray(s);
  const left = new Int32Array(n);
  const right = new Int32Array(n);
  // Kasai's LCP, in esaxx's layout: left[i] = LCP of sa[i] with its predecessor.
  left[sa[0]!] = sa[n - 1]!;
  for (let i = 1; i < n; i++) left[sa[i]!] = sa[i - 1]!;
  let h = 0;
  for (let i = 0; i < n; i++) {
    const j = left[i]!;
    while (i + h < n && j + h < n && s[i + h] === s[j + h]) h++;
    right[i] = h;
    if (h > 0) h--;
  }
  for (let i = 0; i < n; i++) left[i] = right[sa[i]!]!;
  const out: number[] = [];
  const stack: Array<[number, number]> = [[-1, -1]];
  let nodes = 0;
  for (let i = 0; ; i++) {
    const cur: [number, number] = [i, i === n ? -1 : left[i]!];
    let cand = stack[stack.length - 1]!;
    while (cand[1] > cur[1]) {
      if (i - cand[0] > 1) {
        // [lo, hi) of the suffix array share the first cand[1] chars.
        out.push(sa[cand[0]]!, cand[1], i - cand[0]);
        if (++nodes >= n) break;
      }
      cur[0] = cand[0];
      stack.pop();
      cand = stack[stack.length - 1]!;
    }
    if (cand[1] < cur[1]) stack.push(cur);
    if (i === n) break;
    stack.push([i, n - sa[i]! + 1]);
  }
  return out;
}
