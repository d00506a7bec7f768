import { beforeAll, describe, expect, it } from 'vitest';
import { initWasm } from '../index.js';
import { dropoutMask } from './dropout_mask.js';

beforeAll(async () => {
  await initWasm();
});

describe('dropoutMask (wasm kernel)', () => {
  it('drops about `rate` of the elements and scales the rest by 1 / (1 - rate)', () => {
    for (const rate of [0.1, 0.5, 0.9]) {
      const values = dropoutMask([1000, 101], rate, 7).dataSync(); // odd size: scalar tail too
      let dropped = 0;
      for (const v of values) {
        if (v === 0) dropped++;
        else expect(v).toBeCloseTo(1 / (1 - rate), 6);
      }
      // 101,000 Bernoulli draws: 5 standard deviations is < 0.8 %.
      expect(Math.abs(dropped / values.length - rate)).toBeLessThan(0.008);
    }
  });

  it('is a pure function of (seed, index): same seed same mask, other seed other mask', () => {
    const a = Array.from(dropoutMask([64, 33], 0.3, 42).dataSync());
    expect(Array.from(dropoutMask([64, 33], 0.3, 42).dataSync())).toEqual(a);
    expect(Array.from(dropoutMask([64 * 33], 0.3, 42).dataSync())).toEqual(a); // shape-independent
    expect(Array.from(dropoutMask([64, 33], 0.3, 43).dataSync())).not.toEqual(a);
  });

  it('rate 0 keeps everything; a bad rate says what is allowed', () => {
    expect(Array.from(dropoutMask([5], 0, 1).dataSync())).toEqual([1, 1, 1, 1, 1]);
    expect(() => dropoutMask([5], 1, 1)).toThrow(/rate must be in \[0, 1\)/);
  });

  it('neighbouring elements are uncorrelated (no visible pattern)', () => {
    const v = dropoutMask([20000], 0.5, 3).dataSync();
    let same = 0;
    for (let i = 1; i < v.length; i++) if ((v[i] === 0) === (v[i - 1] === 0)) same++;
    expect(Math.abs(same / (v.length - 1) - 0.5)).toBeLessThan(0.02);
  });
});
