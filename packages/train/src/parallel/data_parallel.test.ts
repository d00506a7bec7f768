// DataParallel runs replica workers from the BUILT package (a worker thread cannot load .ts),
// so these tests import dist/ and need `pnpm build` first (turbo runs it before test).
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { Rng } from '@tfnlp/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SGD, shardRows, Trainer } from '../../dist/index.js';
import { DataParallel } from '../../dist/node.js';
import { createReplica, type Mlp } from '../../test/fixtures/mlp_replica.mjs';

const FEATURES = 4;
const replicaModule = new URL('../../test/fixtures/mlp_replica.mjs', import.meta.url);

interface Batch {
  x: Float32Array; // [batch, features]
  labels: Int32Array; // [batch]
  batchSize: number;
}

/** Class = argmax of the first 3 features: learnable and deterministic. */
function makeBatches(count: number, size: number, seed: number): Batch[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => {
    const x = new Float32Array(size * FEATURES);
    const labels = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      for (let f = 0; f < FEATURES; f++) x[i * FEATURES + f] = rng.random() * 2 - 1;
      let best = 0;
      for (let c = 1; c < 3; c++) if (x[i * FEATURES + c]! > x[i * FEATURES + best]!) best = c;
      labels[i] = best;
    }
    return { x, labels, batchSize: size };
  });
}

type Model = Mlp;
const values = (m: Model) => m.params.map(([, v]) => Array.from(v.dataSync()));
const maxDiff = (a: number[][], b: number[][]) =>
  Math.max(...a.flatMap((row, i) => row.map((x, j) => Math.abs(x - b[i]![j]!))));

beforeAll(async () => {
  await initWasm();
});

describe('DataParallel', () => {
  const options = { seed: 1, hidden: 8 };
  let parallel: DataParallel<Batch>;
  beforeAll(async () => {
    parallel = await DataParallel.start<Batch>({ module: replicaModule, options, replicas: 3 });
  }, 60_000);
  afterAll(async () => {
    await parallel?.close();
  });

  it('three replicas train exactly like one process (SGD, no dropout, within 1e-5)', async () => {
    const data = makeBatches(6, 20, 7);
    const run = async (withParallel: boolean) => {
      const { model, forward } = await createReplica(options, { rank: 0, replicas: 3 });
      const trainer = new Trainer<Model, Batch>({
        model,
        forward,
        optimizer: new SGD({ lr: 0.5 }),
        parallel: withParallel ? parallel : undefined,
      });
      const fit = await trainer.fit(data, { epochs: 2 });
      const out = { values: values(model), history: fit.history };
      tf.dispose(model.params.map(([, v]: [string, tf.Variable]) => v));
      return out;
    };
    const single = await run(false);
    const split = await run(true);
    expect(maxDiff(split.values, single.values)).toBeLessThan(1e-5);
    expect(split.history[1]!.loss).toBeCloseTo(single.history[1]!.loss!, 5);
    expect(split.history[1]!.accuracy).toBe(single.history[1]!.accuracy);
    expect(split.history[1]!.loss).toBeLessThan(split.history[0]!.loss!);
  });

  it('keeps numTensors constant across steps, with dropout and a 1-row last batch', async () => {
    const dropped = await DataParallel.start<Batch>({
      module: replicaModule,
      options: { ...options, dropout: 0.3 },
      replicas: 2,
    });
    try {
      const { model, forward } = await createReplica(
        { ...options, dropout: 0.3 },
        {
          rank: 0,
          replicas: 2,
        },
      );
      const data = [...makeBatches(4, 16, 3), ...makeBatches(1, 1, 4)];
      const trainer = new Trainer<Model, Batch>({
        model,
        forward,
        optimizer: new SGD({ lr: 0.1 }),
        parallel: dropped,
      });
      const counts: number[] = [];
      trainer.on('step', () => counts.push(tf.memory().numTensors));
      const fit = await trainer.fit(data, { epochs: 3 });
      expect(fit.step).toBe(15);
      expect(new Set(counts.slice(2)).size).toBe(1);
      tf.dispose(model.params.map(([, v]: [string, tf.Variable]) => v));
    } finally {
      await dropped.close();
    }
  });

  it('says what to do when a replica cannot be built or does not match', async () => {
    await expect(
      DataParallel.start({
        module: replicaModule,
        options: { ...options, failOnRank: 1 },
        replicas: 2,
      }),
    ).rejects.toThrow(/replica 1: this replica was told to fail/);
    await expect(
      DataParallel.start({ module: replicaModule, exportName: 'nope', options, replicas: 2 }),
    ).rejects.toThrow(/no exported function 'nope'/);
    const mismatched = await DataParallel.start<Batch>({
      module: replicaModule,
      options: { ...options, wrongShapeOnRank: 1 },
      replicas: 2,
    });
    try {
      const { model, forward } = await createReplica(options, { rank: 0, replicas: 2 });
      const trainer = new Trainer<Model, Batch>({
        model,
        forward,
        optimizer: new SGD({ lr: 0.1 }),
        parallel: mismatched,
      });
      await expect(trainer.fit(makeBatches(2, 8, 1), { epochs: 1 })).rejects.toThrow(
        /replica 1: parameter 'hidden\/kernel' has shape \[4,9\], replica 0's is \[4,8\]/,
      );
      tf.dispose(model.params.map(([, v]: [string, tf.Variable]) => v));
    } finally {
      await mismatched.close();
    }
  }, 60_000);
});

describe('shardRows', () => {
  it('cuts row-major arrays by rows and keeps the rest', () => {
    const batch = {
      ids: Int32Array.from({ length: 10 }, (_, i) => i), // [5, 2]
      labels: Int32Array.from([0, 1, 2, 3, 4]),
      names: ['a', 'b', 'c', 'd', 'e'],
      batchSize: 5,
      seqLength: 2,
    };
    const parts = [0, 1].map((i) => shardRows(batch, i, 2)!);
    expect(Array.from(parts[0]!.ids)).toEqual([0, 1, 2, 3]);
    expect(Array.from(parts[1]!.ids)).toEqual([4, 5, 6, 7, 8, 9]);
    expect(Array.from(parts[1]!.labels)).toEqual([2, 3, 4]);
    expect(parts[1]!.names).toEqual(['c', 'd', 'e']);
    expect(parts.map((p) => p.batchSize)).toEqual([2, 3]);
    expect(parts[1]!.seqLength).toBe(2);
    expect(shardRows({ labels: new Int32Array(1), batchSize: 1 }, 0, 2)).toBeUndefined();
    expect(() => shardRows({ labels: new Int32Array(1) }, 0, 2)).toThrow(/batchSize.*shard/);
  });
});
