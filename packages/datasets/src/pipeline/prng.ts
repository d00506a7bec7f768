// Seeded PRNG: xoshiro128** (Blackman & Vigna, 2018) seeded through splitmix32.
//
// Why not Math.random: it cannot be seeded and differs between engines. Every step here
// is 32-bit integer arithmetic (Math.imul, >>> 0) or an exact IEEE-754 double operation,
// which JavaScript defines bit for bit, so a seed gives the same stream on every platform.

/** A seeded random source. `nextUint32` in [0, 2^32), `nextFloat` in [0, 1), `nextInt(n)` in [0, n). */
export interface Random {
  /** An integer in [0, 2^32). */
  nextUint32(): number;
  /** A float in [0, 1). */
  nextFloat(): number;
  /** An integer in [0, n): `floor(nextFloat() * n)`. */
  nextInt(n: number): number;
}

/** splitmix32 step: spreads one 32-bit seed over the 128-bit xoshiro state (never all zero). */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** xoshiro128** from an explicit 4-word state (used by the reference-vector test). */
export function xoshiro128ss(s0: number, s1: number, s2: number, s3: number): Random {
  let a = s0 >>> 0;
  let b = s1 >>> 0;
  let c = s2 >>> 0;
  let d = s3 >>> 0;
  if ((a | b | c | d) === 0) throw new Error('xoshiro128**: the state must not be all zero.');
  const nextUint32 = (): number => {
    const r = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return r;
  };
  const nextFloat = (): number => {
    // 53 random bits: 27 from one word, 26 from the next (same layout as the C reference doubles).
    const hi = nextUint32() >>> 5;
    const lo = nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  };
  return {
    nextUint32,
    nextFloat,
    nextInt(n: number): number {
      if (!Number.isInteger(n) || n <= 0)
        throw new RangeError(`nextInt: n must be a positive integer, got ${n}`);
      return Math.floor(nextFloat() * n);
    },
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** A generator for `seed` (any integer; only its low 32 bits are used). */
export function createRandom(seed: number): Random {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  const st = { s: Math.trunc(seed) | 0 };
  return xoshiro128ss(splitmix32(st), splitmix32(st), splitmix32(st), splitmix32(st));
}
