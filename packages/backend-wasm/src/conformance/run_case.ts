import * as tf from '@tensorflow/tfjs-core';
import { childSeed, Rng } from '@tfnlp/core';
import type { ConformanceCase } from './cases.js';

export interface CaseResult {
  forward: Float32Array | Int32Array | Uint8Array;
  /** d/dx sum(fn(x) * w), one per float input, in input order. */
  grads: Float32Array[];
}

/**
 * Runs one case on `backend` with seeded inputs (the same on every backend).
 * Everything it allocates is released before it returns.
 */
export async function runCase(c: ConformanceCase, backend: string): Promise<CaseResult> {
  if (!(await tf.setBackend(backend))) throw new Error(`backend '${backend}' failed to start`);
  const rng = new Rng(childSeed(0, c.name)); // seeded by the case name
  const uniform = (n: number, low: number, high: number) =>
    Float32Array.from({ length: n }, () => low + (high - low) * rng.random());

  let result: CaseResult | undefined;
  tf.tidy(() => {
    const xs = c.inputs.map((spec) => {
      const size = spec.shape.reduce((a, b) => a * b, 1);
      return spec.kind === 'int'
        ? tf.tensor(Int32Array.from(uniform(size, 0, spec.max), Math.floor), spec.shape, 'int32')
        : tf.tensor(uniform(size, spec.low, spec.high), spec.shape, 'float32');
    });
    const y = c.fn(...xs);
    const forward = y.dataSync().slice();
    let grads: Float32Array[] = [];
    if (c.grad) {
      const w = tf.tensor(uniform(y.size, -1, 1), y.shape);
      const floatAt = c.inputs.flatMap((spec, i) => (spec.kind === 'float' ? [i] : []));
      const loss = (...diff: tf.Tensor[]) => {
        const all = xs.slice();
        floatAt.forEach((at, j) => {
          all[at] = diff[j]!;
        });
        return tf.sum(tf.mul(c.fn(...all), w));
      };
      grads = tf
        .grads(loss)(floatAt.map((i) => xs[i]!))
        .map((g) => g.dataSync() as Float32Array);
    }
    result = { forward, grads };
  });
  return result!;
}

/** Largest |actual - expected| / max(1, |expected|), and where it occurs. */
export function maxRelativeError(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
): { error: number; index: number } {
  if (actual.length !== expected.length) {
    throw new Error(`length ${actual.length} != expected ${expected.length}`);
  }
  let error = 0;
  let index = -1;
  for (let i = 0; i < actual.length; i++) {
    const e = expected[i]!;
    const a = actual[i]!;
    const d =
      Number.isNaN(a) !== Number.isNaN(e) ? Infinity : Math.abs(a - e) / Math.max(1, Math.abs(e));
    if (d > error) {
      error = d;
      index = i;
    }
  }
  return { error, index };
}

/** Largest |a - b| over two same-size tensors. */
export function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  const x = a.dataSync();
  const y = b.dataSync();
  if (x.length !== y.length) throw new Error(`sizes differ: [${a.shape}] vs [${b.shape}]`);
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!));
  return worst;
}
