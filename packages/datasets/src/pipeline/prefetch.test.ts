import { describe, expect, it } from 'vitest';
import { prefetch } from './prefetch.js';

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe('prefetch', () => {
  it('keeps the order and reads ahead up to bufferSize items while the consumer works', async () => {
    let produced = 0;
    async function* source() {
      for (let i = 0; i < 10; i++) {
        produced++;
        yield i;
      }
    }
    const out: number[] = [];
    const aheadAtConsume: number[] = [];
    for await (const x of prefetch(source(), 3)) {
      await tick(); // the "training step": the producer runs meanwhile
      aheadAtConsume.push(produced - (x + 1));
      out.push(x);
    }
    expect(out).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // While item 0 was being consumed the producer filled the buffer (3 more) and then
    // one more item (read while waiting for space), never further.
    expect(aheadAtConsume[0]).toBeGreaterThanOrEqual(3);
    expect(Math.max(...aheadAtConsume)).toBeLessThanOrEqual(4);
  });

  it('delivers buffered items, then the source error', async () => {
    async function* source() {
      yield 1;
      yield 2;
      throw new Error('disk on fire');
    }
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const x of prefetch(source(), 4)) got.push(x);
      })(),
    ).rejects.toThrow('disk on fire');
    expect(got).toEqual([1, 2]);
  });

  it('closes the source when the consumer stops early', async () => {
    let closed = false;
    async function* source() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        closed = true;
      }
    }
    for await (const x of prefetch(source(), 2)) if (x === 3) break;
    expect(closed).toBe(true);
  });
});
