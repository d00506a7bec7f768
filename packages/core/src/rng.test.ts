import { describe, expect, it } from 'vitest';
import { childSeed, Rng } from './rng.js';

describe('Rng', () => {
  it('matches the xoshiro128** C reference (Blackman & Vigna) bit for bit', () => {
    // Outputs of the reference next() compiled with gcc, for two starting states.
    const a = new Rng([1, 2, 3, 4]);
    expect(Array.from({ length: 8 }, () => a.nextUint32())).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849,
    ]);
    const b = new Rng([0x9e3779b9, 0xdeadbeef, 0x12345678, 0xcafebabe]);
    expect(Array.from({ length: 6 }, () => b.nextUint32())).toEqual([
      1162347276, 1472368062, 1418534623, 1491141494, 2752657876, 2641277244,
    ]);
  });

  it('is bit-compatible with the generator @tfnlp/train 0.1 saved in its checkpoints', () => {
    // Golden values printed by packages/train/src/rng.ts (seed 42) before it moved here.
    const a = new Rng(42);
    expect(a.getState()).toEqual([939911724, 3948730756, 321366731, 3317318717]);
    expect(Array.from({ length: 4 }, () => a.nextUint32())).toEqual([
      2837322924, 544945897, 479756282, 3500138142,
    ]);
    expect([a.random(), a.random()]).toEqual([0.07910565007477999, 0.026350209955126047]);
    expect(Array.from({ length: 4 }, () => a.int(10))).toEqual([0, 2, 8, 3]);
    expect(a.shuffle(Array.from({ length: 10 }, (_, k) => k))).toEqual([
      0, 5, 2, 9, 3, 8, 6, 7, 4, 1,
    ]);
    expect(a.fork().nextUint32()).toBe(3817638848);
    expect(a.getState()).toEqual([947880688, 3279504260, 2804218249, 433211478]);
    expect(new Rng(-1.5).getState()).toEqual([4051782527, 2577659556, 2977992069, 3059300958]);
  });

  it('random53 gives the 53-bit floats @tfnlp/datasets 0.1 pinned its shuffles and splits on', () => {
    // Golden values printed by packages/datasets/src/pipeline/prng.ts before it moved here.
    const r = new Rng(7);
    expect([r.random53(), r.random53(), r.random53()]).toEqual([
      0.2338277214186818, 0.44891458133395923, 0.5656696667785289,
    ]);
    expect(Array.from({ length: 5 }, () => Math.floor(r.random53() * 1000))).toEqual([
      513, 844, 565, 334, 254,
    ]);
    const n = new Rng(-123456789);
    expect([n.nextUint32(), n.random53()]).toEqual([3835299217, 0.3435086263716217]);
  });

  it('is deterministic per seed and differs across seeds', () => {
    const draw = (seed: number) => {
      const r = new Rng(seed);
      return Array.from({ length: 5 }, () => r.nextUint32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw(2 ** 32 + 7)).toEqual(draw(7)); // only the low 32 bits of the seed count
  });

  it('state round-trips through JSON and continues exactly', () => {
    const a = new Rng(7);
    for (let i = 0; i < 10; i++) a.random();
    const b = new Rng(JSON.parse(JSON.stringify(a.getState())));
    expect(Array.from({ length: 20 }, () => b.random())).toEqual(
      Array.from({ length: 20 }, () => a.random()),
    );
    const c = new Rng(1);
    c.setState(a.getState());
    expect(c.nextUint32()).toBe(a.nextUint32());
  });

  it('rejects a bad seed or state with a message', () => {
    expect(() => new Rng([0, 0, 0, 0])).toThrow(/4 uint32 words/);
    expect(() => new Rng([1, 2, 3] as never)).toThrow(/4 uint32 words/);
    expect(() => new Rng([1, 2, 3, -1])).toThrow(/4 uint32 words/);
    expect(() => new Rng([1, 2, 3, 2 ** 32])).toThrow(/4 uint32 words/);
    expect(() => new Rng(Number.NaN)).toThrow(/finite/);
    expect(() => new Rng(Number.POSITIVE_INFINITY)).toThrow(/finite/);
  });

  it('random / uniform stay in range with a plausible mean', () => {
    const r = new Rng(1);
    let sum = 0;
    for (let i = 0; i < 10000; i++) {
      const x = r.random();
      const y = r.random53();
      expect(x >= 0 && x < 1 && y >= 0 && y < 1).toBe(true);
      sum += x;
    }
    expect(sum / 10000).toBeCloseTo(0.5, 1);
    const u = r.uniformArray(5000, -2, 3);
    expect(Math.min(...u)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...u)).toBeLessThan(3);
  });

  it('int is in range, roughly uniform, and refuses a bad n', () => {
    const r = new Rng(7);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 20000; i++) counts[r.int(10)]++;
    for (const c of counts) expect(Math.abs(c - 2000)).toBeLessThan(200);
    for (const bad of [0, -1, 1.5, Number.NaN, 2 ** 32 + 1]) {
      expect(() => r.int(bad)).toThrow(RangeError);
    }
  });

  it('normal samples have mean 0 and variance 1', () => {
    const xs = new Rng(5).normalArray(20000);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    const shifted = new Rng(5).normalArray(20000, 3, 2);
    expect(shifted[0]).toBeCloseTo(3 + 2 * xs[0]!, 5);
  });

  it('shuffle permutes arrays and typed arrays in place', () => {
    const r = new Rng(3);
    const ids = Array.from({ length: 50 }, (_, i) => i);
    const perm = r.shuffle([...ids]);
    expect([...perm].sort((x, y) => x - y)).toEqual(ids);
    expect(perm).not.toEqual(ids);
    const typed = Int32Array.from(ids);
    expect(r.shuffle(typed)).toBe(typed);
    expect([...typed].sort((x, y) => x - y)).toEqual(ids);
  });

  it('fork gives an independent stream and advances the parent by one draw', () => {
    const a = new Rng(9);
    const b = new Rng(9);
    const child = a.fork();
    b.nextUint32();
    expect(a.nextUint32()).toBe(b.nextUint32());
    expect(child.nextUint32()).not.toBe(new Rng(9).nextUint32());
  });
});

describe('childSeed', () => {
  it('depends on the seed and the name, and is a uint32', () => {
    const s = childSeed(42, 'encoder.layers.0');
    expect(s).toBe(childSeed(42, 'encoder.layers.0'));
    expect(s).not.toBe(childSeed(42, 'encoder.layers.1'));
    expect(s).not.toBe(childSeed(43, 'encoder.layers.0'));
    expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
  });
});
