/** The whole state of an `Rng`: four uint32 words (`getState()` / `setState()`). */
export type RngState = [number, number, number, number];

/**
 * A small seeded pseudo-random generator whose whole state is four uint32 words, so it can be
 * saved in a checkpoint and restored bit-exactly (xoshiro128**, seeded through splitmix32).
 *
 * One `Rng` (seeded by the trainer's `seed`) drives everything random in a run: parameter
 * initialisation (`rng.seed()` for tf's `seed` arguments), the shuffle seed of each epoch and the
 * dropout seed of each step.
 */
export class Rng {
  private s: Uint32Array;

  constructor(seed: number | RngState = 0) {
    this.s = new Uint32Array(4);
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

  /** Next uint32. */
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

  /** Uniform float in [0, 1) with 32 random bits. */
  random(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!(n > 0)) throw new Error(`Rng.int: n must be positive, got ${n}.`);
    return Math.floor(this.random() * n);
  }

  /** A fresh integer seed (for `tf.randomUniform(..., seed)`, `tf.dropout(..., seed)`, ...). */
  seed(): number {
    return this.nextUint32();
  }

  /** An independent generator derived from this one (advances this one by one draw). */
  fork(): Rng {
    return new Rng(this.nextUint32());
  }

  /** Fisher-Yates shuffle in place; returns `array`. */
  shuffle<T>(array: T[] | Int32Array | Uint32Array | Float32Array): typeof array {
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
    if (!Array.isArray(state) || state.length !== 4 || state.every((w) => w === 0)) {
      throw new Error(
        'Rng.setState: expected the 4 uint32 words returned by getState() (not all zero).',
      );
    }
    for (let i = 0; i < 4; i++) this.s[i] = state[i]! >>> 0;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
