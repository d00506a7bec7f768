/**
 * A prefix tree over UTF-16 code units in flat typed arrays (open addressing), so the
 * longest vocabulary match at a position costs one probe per code unit and allocates nothing.
 *
 *   const t = new Trie(); t.insert('un', 7); t.insert('unaff', 9);
 *   t.longestMatch('unaffable', 0, Trie.ROOT)  // [5, 9]: 'unaff' ends at 5, id 9
 */
export class Trie {
  static readonly ROOT = 0;
  private nodeCount = 1;
  /** Token id ending at each node, -1 if none. */
  private terminal = new Int32Array(64).fill(-1);
  private keyNode = new Int32Array(0);
  private keyUnit = new Uint16Array(0);
  private child = new Int32Array(0);
  private mask = 0;
  private edges = 0;

  constructor() {
    this.resize(1024);
  }

  private slot(node: number, unit: number): number {
    let h = (Math.imul(node, 0x9e3779b1) ^ Math.imul(unit, 0x85ebca6b)) & this.mask;
    while (this.keyNode[h] !== -1 && (this.keyNode[h] !== node || this.keyUnit[h] !== unit)) {
      h = (h + 1) & this.mask;
    }
    return h;
  }

  private resize(size: number): void {
    const [kn, ku, ch] = [this.keyNode, this.keyUnit, this.child];
    this.keyNode = new Int32Array(size).fill(-1);
    this.keyUnit = new Uint16Array(size);
    this.child = new Int32Array(size);
    this.mask = size - 1;
    for (let i = 0; i < kn.length; i++) {
      if (kn[i] === -1) continue;
      const h = this.slot(kn[i]!, ku[i]!);
      this.keyNode[h] = kn[i]!;
      this.keyUnit[h] = ku[i]!;
      this.child[h] = ch[i]!;
    }
  }

  /** Child of `node` by code unit `unit`, or -1. */
  step(node: number, unit: number): number {
    const h = this.slot(node, unit);
    return this.keyNode[h] === -1 ? -1 : this.child[h]!;
  }

  /** Node reached by walking `s` from `node` (creating it), returned. */
  walk(s: string, node = Trie.ROOT): number {
    for (let i = 0; i < s.length; i++) {
      const u = s.charCodeAt(i);
      const h = this.slot(node, u);
      if (this.keyNode[h] !== -1) {
        node = this.child[h]!;
        continue;
      }
      if (this.nodeCount >= this.terminal.length) {
        const t = new Int32Array(this.terminal.length * 2).fill(-1);
        t.set(this.terminal);
        this.terminal = t;
      }
      const id = this.nodeCount++;
      this.keyNode[h] = node;
      this.keyUnit[h] = u;
      this.child[h] = id;
      node = id;
      if (++this.edges * 2 > this.mask) this.resize((this.mask + 1) * 2);
    }
    return node;
  }

  insert(s: string, id: number): void {
    const node = this.walk(s); // first: walking may replace `terminal` with a larger array
    this.terminal[node] = id;
  }

  /** Token id at `node`, or -1. */
  idAt(node: number): number {
    return this.terminal[node]!;
  }
}
