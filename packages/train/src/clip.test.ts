import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { clipByGlobalNorm, globalNorm } from './clip.js';

const fixtures = JSON.parse(
  readFileSync(new URL('../fixtures/optimizers.json', import.meta.url), 'utf8'),
);
const torchRef = JSON.parse(
  readFileSync(new URL('../fixtures/clip_and_plateau.json', import.meta.url), 'utf8'),
);

beforeAll(async () => {
  await initWasm();
});

describe('global-norm clipping', () => {
  it('norm of [3, 4] and [12] is 13; clipping scales everything by maxNorm / norm', () => {
    const grads = new Map([
      ['a', tf.tensor1d([3, 4])],
      ['b', tf.tensor1d([12])],
    ]);
    expect(globalNorm(grads.values()).dataSync()[0]).toBeCloseTo(13, 5);
    const before = tf.memory().numTensors;
    const { grads: clipped, norm } = clipByGlobalNorm(grads, 6.5);
    expect(tf.memory().numTensors).toBe(before + 3);
    expect(norm.dataSync()[0]).toBeCloseTo(13, 5);
    expect(Array.from(clipped.get('a')!.dataSync())).toEqual([
      expect.closeTo(1.5, 5),
      expect.closeTo(2, 5),
    ]);
    expect(clipped.get('b')!.dataSync()[0]).toBeCloseTo(6, 5);
    tf.dispose([...grads.values(), ...clipped.values(), norm]);
  });

  it('equals torch.nn.utils.clip_grad_norm_ within 1e-6', () => {
    for (const ref of torchRef.clip) {
      const grads = new Map<string, tf.Tensor>(
        Object.entries(fixtures.shapes as Record<string, number[]>).map(([name, shape]) => [
          name,
          tf.tensor(fixtures.grads[0][name], shape),
        ]),
      );
      const { grads: clipped, norm } = clipByGlobalNorm(grads, ref.maxNorm);
      expect(Math.abs(norm.dataSync()[0]! - ref.totalNorm)).toBeLessThan(1e-6);
      for (const [name, g] of clipped) {
        const got = g.dataSync();
        ref.clipped[name].forEach((v: number, i: number) => {
          expect(Math.abs(got[i]! - v)).toBeLessThan(1e-6);
        });
      }
      tf.dispose([...grads.values(), ...clipped.values(), norm]);
    }
  });
});
