/**
 * Seeded randomness for initialisers and dropout.
 *
 * PRNG: mulberry32 (Tommy Ettinger's 32-bit generator; period 2^32, passes gjrand's
 * tests at that size). Same seed -> same stream on every platform, since it only uses
 * 32-bit integer arithmetic (`Math.imul`). Normal samples use Box-Muller.
 *
 * Every module constructor that initialises weights takes an `Rng` or a numeric seed;
 * `childRng(seed, name)` derives independent streams for sub-modules so that adding a
 * layer does not change the weights of the others.
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) {
      throw new Error(`Rng: seed must be a finite number, got ${seed}.`);
    }
    this.state = seed >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform 32-bit unsigned integer (a seed for a child stream or a tfjs op). */
  nextUint32(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }

  /** Uniform float in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** Standard normal sample (Box-Muller). */
  normal(): number {
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** `n` samples from U[low, high). */
  uniformArray(n: number, low: number, high: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.uniform(low, high);
    return out;
  }

  /** `n` samples from N(mean, std^2). */
  normalArray(n: number, mean = 0, std = 1): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = mean + std * this.normal();
    return out;
  }

  /** A new independent generator whose seed comes from this one. */
  fork(): Rng {
    return new Rng(this.nextUint32());
  }
}

/** FNV-1a hash of a string, to derive named child seeds. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Seed of the sub-module called `name` inside a module seeded with `seed`. */
export function childSeed(seed: number, name: string): number {
  return (Math.imul(seed >>> 0, 0x9e3779b1) ^ hashString(name)) >>> 0;
}

/** Default seed when a constructor is given none. */
export const DEFAULT_SEED = 42;
