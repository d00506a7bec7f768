/**
 * An open-addressing hash table from an id pair (a, b) to a packed number, on typed arrays.
 * BPE has up to ~500k merges; a JS Map keyed by `a * 2^22 + b` (a heap number) takes
 * seconds to fill and allocates per entry, this one fills in tens of milliseconds.
 *
 *   const t = new PairTable(2);
 *   t.setIfAbsent(3, 4, 17);
 *   t.get(3, 4)   // 17
 *   t.get(4, 3)   // -1
 */
export class PairTable {
  private readonly mask: number;
  private readonly keyA: Int32Array;
  private readonly keyB: Int32Array;
  private readonly values: Float64Array;

  /** A table with room for `n` pairs (load factor <= 0.5). */
  constructor(n: number) {
    let cap = 16;
    while (cap < n * 2) cap *= 2;
    this.mask = cap - 1;
    this.keyA = new Int32Array(cap).fill(-1);
    this.keyB = new Int32Array(cap);
    this.values = new Float64Array(cap);
  }

  private slot(a: number, b: number): number {
    // Multiplicative hashing of both ids, then linear probing.
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77)) >>> 0;
    h ^= h >>> 15;
    let i = h & this.mask;
    const ka = this.keyA;
    const kb = this.keyB;
    while (ka[i] !== -1 && (ka[i] !== a || kb[i] !== b)) i = (i + 1) & this.mask;
    return i;
  }

  /** Stores `value` (>= 0) for (a, b) unless the pair is already there; ids must be >= 0. */
  setIfAbsent(a: number, b: number, value: number): void {
    const i = this.slot(a, b);
    if (this.keyA[i] !== -1) return;
    this.keyA[i] = a;
    this.keyB[i] = b;
    this.values[i] = value;
  }

  /** Slot of (a, b) for `valueAt`, or -1 when absent (saves a second probe). */
  find(a: number, b: number): number {
    const i = this.slot(a, b);
    return this.keyA[i] === -1 ? -1 : i;
  }

  /** The value stored in a slot returned by `find`. */
  valueAt(slot: number): number {
    return this.values[slot]!;
  }

  /** The value of (a, b), or -1. */
  get(a: number, b: number): number {
    const i = this.slot(a, b);
    return this.keyA[i] === -1 ? -1 : this.values[i]!;
  }
}
