import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@tfnlp/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasm } from '../index.js';

beforeAll(async () => {
  await initWasm();
});

async function onBackend<T>(name: string, fn: () => T): Promise<T> {
  await tf.setBackend(name);
  return fn();
}

function segmentSum(
  x: number[],
  xShape: number[],
  ids: number[],
  numSegments: number,
  dtype: 'float32' | 'int32' = 'float32',
) {
  return tf.tidy(() =>
    Array.from(
      tf
        .unsortedSegmentSum(tf.tensor(x, xShape, dtype), tf.tensor1d(ids, 'int32'), numSegments)
        .dataSync(),
    ),
  );
}

describe('UnsortedSegmentSum on wasm', () => {
  it('is registered for wasm (stock tfjs-backend-wasm lacks it)', () => {
    expect(tf.getKernel('UnsortedSegmentSum', 'wasm')).toBeDefined();
  });

  it('sums rows per segment, drops out-of-range ids, zero-fills empty segments', async () => {
    // rows: [1,2] [3,4] [5,6] [7,8] [9,10]; ids 2, 0, 2, -1, 7 (last two dropped)
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const out = await onBackend('wasm', () => segmentSum(x, [5, 2], [2, 0, 2, -1, 7], 4));
    expect(out).toEqual([3, 4, 0, 0, 6, 8, 0, 0]);
  });

  it('handles int32 values and rows whose width is not a multiple of 4', async () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    expect(await onBackend('wasm', () => segmentSum(x, [3, 3], [1, 1, 0], 2, 'int32'))).toEqual([
      7, 8, 9, 5, 7, 9,
    ]);
    expect(await onBackend('wasm', () => segmentSum(x, [3, 3], [1, 1, 0], 2))).toEqual([
      7, 8, 9, 5, 7, 9,
    ]);
  });

  it('matches the cpu backend on a large vocabulary with repeated ids', async () => {
    const rng = new Rng(7);
    // The cpu backend's kernel is O(vocab * n): keep it small.
    const n = 500;
    const inner = 37;
    const vocab = 300;
    const x = Array.from({ length: n * inner }, () => rng.random() * 2 - 1);
    const ids = Array.from({ length: n }, () => (Math.floor(rng.random() * 50) * 7) % vocab);
    const cpu = await onBackend('cpu', () => segmentSum(x, [n, inner], ids, vocab));
    const wasm = await onBackend('wasm', () => segmentSum(x, [n, inner], ids, vocab));
    let worst = 0;
    wasm.forEach((v, i) => {
      worst = Math.max(worst, Math.abs(v - cpu[i]!));
    });
    expect(worst).toBeLessThan(1e-5);
    expect(wasm.some((v) => v !== 0)).toBe(true);
  });

  it('makes an Embedding trainable: gradient of gather equals the cpu backend', async () => {
    const rng = new Rng(11);
    const table = Array.from({ length: 50 * 8 }, () => rng.random());
    const ids = [
      [3, 3, 7, 0],
      [49, 3, 1, 1],
    ];
    const grad = () =>
      tf.tidy(() => {
        const embedding = tf.tensor2d(table, [50, 8]);
        const g = tf.grad((e: tf.Tensor) =>
          tf.sum(tf.square(tf.gather(e, tf.tensor2d(ids, [2, 4], 'int32')))),
        )(embedding);
        return Array.from(g.dataSync());
      });
    const cpu = await onBackend('cpu', grad);
    const wasm = await onBackend('wasm', grad);
    expect(wasm.length).toBe(400);
    wasm.forEach((v, i) => {
      expect(v).toBeCloseTo(cpu[i]!, 5);
    });
    // Row 3 was gathered three times, row 2 never.
    expect(wasm.slice(16, 24).every((v) => v === 0)).toBe(true);
    expect(wasm[24]).toBeCloseTo(2 * table[24]! * 3, 5);
  });
});
