// Temporary: apps/news-classifier/scripts/train.mjs still imports `createRandom` from here. It is a view over `Rng` of @tfnlp/core (same streams as before);
// remove it once they use `Rng` directly.
import { Rng } from '@tfnlp/core';

/** A seeded random source. `nextUint32` in [0, 2^32), `nextFloat` in [0, 1), `nextInt(n)` in [0, n). */
export interface Random {
  /** An integer in [0, 2^32). */
  nextUint32(): number;
  /** A float in [0, 1) with 53 random bits. */
  nextFloat(): number;
  /** An integer in [0, n): `floor(nextFloat() * n)`. */
  nextInt(n: number): number;
}

/**
 * A generator for `seed` (any integer; only its low 32 bits are used).
 * @deprecated Use `new Rng(seed)` from `@tfnlp/core` (`random53()` gives the same floats).
 */
export function createRandom(seed: number): Random {
  const rng = new Rng(seed);
  const nextFloat = () => rng.random53();
  return {
    nextUint32: () => rng.nextUint32(),
    nextFloat,
    nextInt(n: number): number {
      if (!Number.isInteger(n) || n <= 0) {
        throw new RangeError(`nextInt: n must be a positive integer, got ${n}`);
      }
      return Math.floor(nextFloat() * n);
    },
  };
}
