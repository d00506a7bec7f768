import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { Rng } from '@tfnlp/core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Metric } from '../metrics/metric.js';
import { SGD } from '../optimizers/sgd.js';
import { Trainer } from '../trainer.js';

beforeAll(async () => {
  await initWasm();
});

afterEach(() => {
  vi.restoreAllMocks();
});

const ROWS = 8;
const CLASSES = 50; // logits [8, 50]: 400 values, easy to tell from the scalars the step reads

interface Batch {
  x: Float32Array; // [ROWS, 4]
  labels: Int32Array; // [ROWS]
}

const rng = new Rng(5);
const data: Batch[] = Array.from({ length: 4 }, () => ({
  x: Float32Array.from({ length: ROWS * 4 }, () => rng.random() * 2 - 1),
  labels: Int32Array.from({ length: ROWS }, () => Math.floor(rng.random() * CLASSES)),
}));

/**
 * Fits a linear classifier and records the sizes of every tensor read back to JS (`data` or
 * `dataSync`) and whether any of them was one of the logits `forward` returned.
 */
async function fitAndWatchReads(options: { metrics?: () => Metric[]; accumulationSteps?: number }) {
  const init = new Rng(1);
  const params = [
    ['dense/kernel', tf.variable(tf.randomNormal([4, CLASSES], 0, 0.5, 'float32', init.seed()))],
    ['dense/bias', tf.variable(tf.zeros([CLASSES]))],
  ] as Array<[string, tf.Variable]>;
  const logitIds = new Set<number>();
  const readSizes: number[] = [];
  let logitsRead = 0;
  const watch = (t: tf.Tensor) => {
    readSizes.push(t.size);
    if (logitIds.has(t.id)) logitsRead += 1;
  };
  const data0 = tf.Tensor.prototype.data;
  const dataSync0 = tf.Tensor.prototype.dataSync;
  vi.spyOn(tf.Tensor.prototype, 'data').mockImplementation(function (this: tf.Tensor) {
    watch(this);
    return data0.call(this);
  } as typeof data0);
  vi.spyOn(tf.Tensor.prototype, 'dataSync').mockImplementation(function (this: tf.Tensor) {
    watch(this);
    return dataSync0.call(this);
  } as typeof dataSync0);
  const trainer = new Trainer({
    model: { namedParameters: () => params },
    forward: (_m, b: Batch) => {
      const x = tf.tensor2d(b.x, [ROWS, 4]);
      const logits = tf.add(tf.matMul(x, params[0]![1]), params[1]![1]); // [ROWS, CLASSES]
      logitIds.add(logits.id);
      return logits;
    },
    optimizer: new SGD({ lr: 0.1 }),
    ...options,
  });
  const samples: number[] = [];
  trainer.on('step', (e) => {
    samples.push(e.samples);
  });
  const before = tf.memory().numTensors;
  await trainer.fit(data, { epochs: 1 });
  const leaked = tf.memory().numTensors - before;
  vi.restoreAllMocks();
  tf.dispose(params.map(([, v]) => v));
  return { readSizes, logitsRead, samples, leaked };
}

describe('Trainer: the training step reads back only what it needs', () => {
  it('without train metrics no logits are read back, only scalars (loss, norm, finite check)', async () => {
    const r = await fitAndWatchReads({ metrics: () => [] });
    expect(r.logitsRead).toBe(0);
    expect(r.readSizes.length).toBeGreaterThan(0);
    expect(Math.max(...r.readSizes)).toBe(1);
    expect(r.samples).toEqual([8, 16, 24, 32]); // counted from the shapes
    expect(r.leaked).toBe(0);
  });

  it('with gradient accumulation too: samples still count every micro-batch', async () => {
    const r = await fitAndWatchReads({ metrics: () => [], accumulationSteps: 2 });
    expect(r.logitsRead).toBe(0);
    expect(Math.max(...r.readSizes)).toBe(1);
    expect(r.samples).toEqual([16, 32]);
    expect(r.leaked).toBe(0);
  });

  it('with a train metric (the default Accuracy) the logits are read, once per micro-batch', async () => {
    const r = await fitAndWatchReads({});
    expect(r.logitsRead).toBe(4);
    expect(Math.max(...r.readSizes)).toBe(ROWS * CLASSES);
    expect(r.samples).toEqual([8, 16, 24, 32]);
    expect(r.leaked).toBe(0);
  });
});
