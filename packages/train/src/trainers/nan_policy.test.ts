import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { Rng } from '@tfnlp/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryStorage } from '../checkpoint/storage.js';
import { readTrainerState } from '../checkpoint/trainer_state.js';
import { NonFiniteError } from '../errors.js';
import { AdamW } from '../optimizers/adamw.js';
import { Trainer } from '../trainer.js';
import { allFinite, firstNonFinite } from './nan_policy.js';

beforeAll(async () => {
  await initWasm();
});

interface Batch {
  x: Float32Array; // [8, 4]
  labels: Int32Array; // [8]
}
const rng = new Rng(11);
const data: Batch[] = Array.from({ length: 3 }, () => {
  const x = Float32Array.from({ length: 32 }, () => rng.random() * 2 - 1);
  return { x, labels: Int32Array.from({ length: 8 }, (_, r) => (x[r * 4]! > 0 ? 1 : 0)) };
});

function run(lr: number, checkFiniteParameters = true) {
  const init = new Rng(1);
  const params = [
    ['dense/kernel', tf.variable(tf.randomNormal([4, 2], 0, 0.5, 'float32', init.seed()))],
    ['dense/bias', tf.variable(tf.zeros([2]))],
  ] as Array<[string, tf.Variable]>;
  const storage = memoryStorage();
  const trainer = new Trainer({
    model: { namedParameters: () => params },
    forward: (_m, b: Batch) =>
      tf.add(tf.matMul(tf.tensor2d(b.x, [8, 4]), params[0]![1]), params[1]![1]), // [8, 2]
    optimizer: new AdamW({ lr, weightDecay: 0.01 }),
    checkpoint: { storage, everySteps: 1 },
    checkFiniteParameters,
  });
  return { trainer, params, storage };
}

describe('NaN guard: checks the parameters after every update', () => {
  it('AdamW at lr 1e30: the fit rejects, the weights stay finite, no non-finite checkpoint exists', async () => {
    const { trainer, params, storage } = run(1e30);
    const error = await trainer.fit(data, { epochs: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteError);
    const e = error as NonFiniteError;
    // Update 1 leaves weights ~1e30 (finite); update 2's decoupled decay overflows them to Inf,
    // with a finite loss and gradient: only the parameter check sees it.
    expect(e.message).toMatch(
      /non-finite parameters after the update .* at epoch 1, update 2; the update was not applied/,
    );
    expect(e.lastCheckpoint).toBe('memory:step-00000001.safetensors');
    expect(e.message).toContain(
      'The last good checkpoint, memory:step-00000001.safetensors, is kept',
    );
    expect(await allFinite(params.map(([, v]) => v))).toBe(true); // restored to update 1's values
    for (const [name, bytes] of storage.files) {
      if (!name.endsWith('.safetensors')) continue;
      expect(firstNonFinite(readTrainerState(bytes).model)).toBeUndefined();
    }
    expect(JSON.parse(new TextDecoder().decode(storage.files.get('latest.json')!)).name).toBe(
      'step-00000001.safetensors',
    );
    tf.dispose(params.map(([, v]) => v));
  });

  it('without the check (checkFiniteParameters: false) the same run writes Inf weights into the model', async () => {
    const { trainer, params } = run(1e30, false);
    await trainer.fit(data, { epochs: 3 }).catch(() => undefined);
    expect(await allFinite(params.map(([, v]) => v))).toBe(false);
    tf.dispose(params.map(([, v]) => v));
  });

  it("onNonFinite: 'stop' ends quietly with reason 'non-finite'", async () => {
    const { params, storage } = run(1e30);
    const trainer = new Trainer({
      model: { namedParameters: () => params },
      forward: (_m, b: Batch) =>
        tf.add(tf.matMul(tf.tensor2d(b.x, [8, 4]), params[0]![1]), params[1]![1]),
      optimizer: new AdamW({ lr: 1e30 }),
      checkpoint: { storage },
      onNonFinite: 'stop',
    });
    const result = await trainer.fit(data, { epochs: 3 });
    expect(result.stopReason).toBe('non-finite');
    expect(await allFinite(params.map(([, v]) => v))).toBe(true);
    tf.dispose(params.map(([, v]) => v));
  });

  it('checkpoint() refuses non-finite weights, writes nothing and leaves the checkpoint list as it was', async () => {
    const { trainer, params, storage } = run(0.01);
    await trainer.fit(data, { epochs: 1, maxSteps: 1 });
    const files = [...storage.files.keys()].sort();
    params[1]![1].assign(tf.tensor1d([Number.NaN, 0]));
    await expect(trainer.checkpoint()).rejects.toThrow(
      "Trainer: not writing a checkpoint: 'model/dense/bias' has NaN or infinite values",
    );
    expect([...storage.files.keys()].sort()).toEqual(files);
    params[1]![1].assign(tf.tensor1d([0, 0]));
    await trainer.fit(data, { epochs: 1 }); // the next checkpoints rotate from the list on disk
    expect([...storage.files.keys()].sort()).toEqual([
      'latest.json',
      'step-00000001.safetensors',
      'step-00000002.safetensors',
      'step-00000003.safetensors',
    ]);
    tf.dispose(params.map(([, v]) => v));
  });

  it('allFinite: one fused check over all tensors; firstNonFinite names the tensor', async () => {
    const ok = [tf.ones([3, 2]), tf.tensor1d([1e38, -1e38]), tf.tensor1d([1], 'int32')];
    expect(await allFinite(ok)).toBe(true); // large but finite: no false alarm
    const bad = [...ok, tf.tensor1d([0, Number.POSITIVE_INFINITY])];
    expect(await allFinite(bad)).toBe(false);
    expect(await allFinite([tf.tensor1d([Number.NaN])])).toBe(false);
    expect(
      firstNonFinite([
        ['a', { values: Float32Array.of(1) }],
        ['b', { values: Float32Array.of(Number.NaN) }],
      ]),
    ).toBe('b');
    const before = tf.memory().numTensors;
    await allFinite(bad);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(bad);
  });
});
