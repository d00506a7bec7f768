import { describe, expect, it } from 'vitest';
import { shuffle, shuffleArray } from './shuffle.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const collect = async <T>(it: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};

describe('shuffleArray', () => {
  it('is a seeded permutation that leaves the input alone', () => {
    const input = range(20);
    const a = shuffleArray(input, 42);
    expect(input).toEqual(range(20));
    expect([...a].sort((x, y) => x - y)).toEqual(range(20));
    expect(a).not.toEqual(range(20));
    expect(shuffleArray(input, 42)).toEqual(a);
    expect(shuffleArray(input, 1)).not.toEqual(a);
  });

  it('gives a fixed order for a seed (the same on every platform)', () => {
    // Golden value: changes only if the PRNG or the Fisher-Yates loop changes.
    expect(shuffleArray(range(10), 42)).toMatchInlineSnapshot(`
      [
        8,
        4,
        2,
        3,
        9,
        5,
        7,
        0,
        1,
        6,
      ]
    `);
  });
});

describe('shuffle (streaming)', () => {
  it('emits every item once, deterministically, for small and large buffers', async () => {
    for (const bufferSize of [1, 4, 100]) {
      const a = await collect(shuffle(range(50), { seed: 3, bufferSize }));
      expect([...a].sort((x, y) => x - y)).toEqual(range(50));
      expect(await collect(shuffle(range(50), { seed: 3, bufferSize }))).toEqual(a);
    }
    // bufferSize 1 cannot reorder anything.
    expect(await collect(shuffle(range(10), { seed: 3, bufferSize: 1 }))).toEqual(range(10));
  });

  it('rejects a bad buffer size', async () => {
    await expect(collect(shuffle(range(3), { seed: 1, bufferSize: 0 }))).rejects.toThrow(
      /bufferSize/,
    );
  });
});
