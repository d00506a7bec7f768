import { Rng } from '@tfnlp/core';
import { describe, expect, it } from 'vitest';
import { createRandom } from './random_compat.js';

describe('createRandom (deprecated view over Rng)', () => {
  it('gives the streams datasets 0.1 gave (golden values) and those of Rng', () => {
    const r = createRandom(7);
    expect([r.nextFloat(), r.nextFloat(), r.nextFloat()]).toEqual([
      0.2338277214186818, 0.44891458133395923, 0.5656696667785289,
    ]);
    expect(Array.from({ length: 5 }, () => r.nextInt(1000))).toEqual([513, 844, 565, 334, 254]);
    const a = createRandom(42);
    const b = new Rng(42);
    expect(Array.from({ length: 4 }, () => a.nextUint32())).toEqual(
      Array.from({ length: 4 }, () => b.nextUint32()),
    );
    expect(() => r.nextInt(0)).toThrow(RangeError);
  });
});
