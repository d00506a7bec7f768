import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';

describe('Rng', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(xs);
  });

  it('state round-trips through JSON and continues exactly', () => {
    const a = new Rng(7);
    for (let i = 0; i < 10; i++) a.random();
    const b = new Rng(JSON.parse(JSON.stringify(a.getState())));
    expect(Array.from({ length: 20 }, () => b.random())).toEqual(
      Array.from({ length: 20 }, () => a.random()),
    );
  });

  it('uniform in [0, 1) with a plausible mean; shuffle is a permutation', () => {
    const r = new Rng(1);
    let sum = 0;
    for (let i = 0; i < 10000; i++) {
      const x = r.random();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
    }
    expect(sum / 10000).toBeCloseTo(0.5, 1);
    const perm = r.shuffle(Array.from({ length: 50 }, (_, i) => i));
    expect([...perm].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(perm).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('rejects a bad state with a message', () => {
    expect(() => new Rng([0, 0, 0, 0])).toThrow(/4 uint32 words/);
    expect(() => new Rng(Number.NaN)).toThrow(/finite/);
  });
});
