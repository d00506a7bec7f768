import { describe, expect, it } from 'vitest';
import { filter, map, take, toArray } from './iter.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('map / filter / take', () => {
  it('compose over sync and async sources', async () => {
    const doubled = map(range(10), async (x) => x * 2);
    expect(
      await toArray(
        take(
          filter(doubled, (x) => x % 4 === 0),
          3,
        ),
      ),
    ).toEqual([0, 4, 8]);
  });
});
