/**
 * The one seeded random generator of tfnlp: xoshiro128** (Blackman & Vigna, 2018) seeded
 * through splitmix32. Its whole state is four uint32 words, so a checkpoint can save it and a
 * resumed run continues the exact stream (`getState()` / `setState()`).
 *
 * Why not Math.random: it cannot be seeded and differs between engines. Every step here is
 * 32-bit integer arithmetic (Math.imul, >>> 0) or an exact IEEE-754 double operation, which
 * JavaScript defines bit for bit, so a seed gives the same stream on every platform.
 *
 * Bit-compatible with the generator `@tfnlp/train` 0.1 wrote into its checkpoints: same
 * seeding, same `nextUint32`, `random` (32 bits), `int`, `fork` and `shuffle`.
 */

/** The whole state of an `Rng`: four uint32 words, not all zero (`getState()` / `setState()`). */
export type RngState = [number, number, number, number];

/** Anything `Rng.shuffle` can permute in place. */
export type Shuffleable<T> = T[] | Int32Array | Uint32Array | Float32Array | Float64Array;

/** A seeded, checkpointable pseudo-random generator (xoshiro128**). */
export class Rng {
  private readonly s = new Uint32Array(4);

  /**
   * A generator for `seed` (any finite number; `Math.floor(seed)`'s low 32 bits are used) or
   * one that continues from a saved `RngState`.
   */
  constructor(seed: number | RngState = 0) {
    if (typeof seed === 'number') {
      if (!Number.isFinite(seed)) {
        throw new Error(`Rng: seed must be a finite number, got ${seed}.`);
      }
      // splitmix32 expands one number into four well-mixed, not-all-zero words.
      let x = Math.floor(seed) >>> 0;
      for (let i = 0; i < 4; i++) {
        x = (x + 0x9e3779b9) >>> 0;
        let z = x;
        z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
        z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
        this.s[i] = (z ^ (z >>> 16)) >>> 0;
      }
    } else {
      this.setState(seed);
    }
  }

  /** Next integer in [0, 2^32). */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = (s[1]! << 9) >>> 0;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  /** Uniform float in [0, 1) from one 32-bit draw. */
  random(): number {
    return this.nextUint32() / 4294967296;
  }

  /**
   * Uniform float in [0, 1) with 53 random bits from two draws (27 + 26 bits, the layout of the
   * C reference's doubles). `@tfnlp/datasets` shuffles and splits with it, so its orders stay
   * those it pinned before this generator moved here.
   */
  random53(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n): `floor(random() * n)`; `n` a positive integer up to 2^32. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 4294967296) {
      throw new RangeError(`Rng.int: n must be an integer in [1, 2^32], got ${n}.`);
    }
    return Math.floor(this.random() * n);
  }

  /** Uniform float in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.random();
  }

  /** Standard normal sample (Box-Muller, two draws per sample). */
  normal(): number {
    let u = 0;
    while (u === 0) u = this.random(); // log(0) would be -Infinity
    const v = this.random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** `n` samples from U[low, high), as float32. */
  uniformArray(n: number, low: number, high: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.uniform(low, high);
    return out;
  }

  /** `n` samples from N(mean, std^2), as float32. */
  normalArray(n: number, mean = 0, std = 1): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = mean + std * this.normal();
    return out;
  }

  /** A fresh integer seed in [0, 2^32) (for `tf.randomUniform(..., seed)`, `tf.dropout(..., seed)`). */
  seed(): number {
    return this.nextUint32();
  }

  /** An independent generator seeded from this one (advances this one by one draw). */
  fork(): Rng {
    return new Rng(this.nextUint32());
  }

  /** Fisher-Yates shuffle in place (from the end, `int(i + 1)` per step); returns `array`. */
  shuffle<A extends Shuffleable<unknown>>(array: A): A {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = array[i]!;
      array[i] = array[j]!;
      array[j] = tmp;
    }
    return array;
  }

  /** The four state words (a copy); JSON-serialisable. */
  getState(): RngState {
    return [this.s[0]!, this.s[1]!, this.s[2]!, this.s[3]!];
  }

  /** Restores the words from `getState()`: the stream continues exactly where it was. */
  setState(state: RngState): void {
    if (
      !Array.isArray(state) ||
      state.length !== 4 ||
      !state.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff) ||
      state.every((w) => w === 0)
    ) {
      throw new Error(
        'Rng.setState: expected the 4 uint32 words returned by getState() (not all zero).',
      );
    }
    for (let i = 0; i < 4; i++) this.s[i] = state[i]!;
  }
}

/**
 * The seed of the part called `name` inside something seeded with `seed` (FNV-1a of the name
 * mixed with the seed), so adding a sub-module does not change the streams of the others.
 */
export function childSeed(seed: number, name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (Math.imul(seed >>> 0, 0x9e3779b1) ^ h) >>> 0;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
