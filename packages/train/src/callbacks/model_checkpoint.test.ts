import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryStorage } from '../checkpoint/storage.js';
import type { EpochEvent } from '../events.js';
import type { TrainerHandle } from '../handle.js';
import { SGD } from '../optimizers/sgd.js';
import { Trainer } from '../trainer.js';
import { ModelCheckpoint, type ModelCheckpointSave } from './model_checkpoint.js';

beforeAll(async () => {
  await initWasm();
});

const handle = { model: { namedParameters: () => [] } } as unknown as TrainerHandle;
const epochEvent = (epoch: number, logs: Record<string, number>): EpochEvent => ({
  type: 'epoch',
  epoch,
  epochs: 10,
  step: epoch + 1,
  logs,
  elapsedSeconds: 0,
});

/** Feeds one epoch per value of `monitor`; returns the 0-based epochs that were saved. */
async function savedEpochs(cb: ModelCheckpoint, key: string, values: number[]): Promise<number[]> {
  const saved: number[] = [];
  (cb as unknown as { save: (i: ModelCheckpointSave) => void }).save = (i) => saved.push(i.epoch);
  for (const [epoch, v] of values.entries())
    await cb.onEpochEnd(epochEvent(epoch, { [key]: v }), handle);
  return saved;
}

describe('ModelCheckpoint (Keras semantics)', () => {
  const save = () => {};
  // [options, monitored key, values per epoch, epochs saved]
  const table: Array<
    [ConstructorParameters<typeof ModelCheckpoint>[0], string, number[], number[]]
  > = [
    [{ save }, 'val_loss', [0.9, 0.8, 1.0], [0, 1, 2]], // default: every epoch
    [{ save, saveBestOnly: true }, 'val_loss', [0.9, 0.8, 1.0, 0.7], [0, 1, 3]], // auto -> min
    [
      { save, saveBestOnly: true, monitor: 'val_accuracy' },
      'val_accuracy',
      [0.5, 0.4, 0.7, 0.7],
      [0, 2],
    ], // auto -> max, ties do not save
    [{ save, saveBestOnly: true, monitor: 'val_f1' }, 'val_f1', [0.2, 0.3], [0, 1]],
    [
      { save, saveBestOnly: true, monitor: 'val_accuracy', mode: 'min' },
      'val_accuracy',
      [0.5, 0.4, 0.7],
      [0, 1],
    ],
    [
      { save, saveBestOnly: true, monitor: 'val_loss', mode: 'max' },
      'val_loss',
      [0.5, 0.4, 0.7],
      [0, 2],
    ],
    [{ save, saveBestOnly: true }, 'val_loss', [Number.NaN, 0.8, Number.NaN, 0.9], [1]], // NaN never improves
    [{ save, saveBestOnly: true, initialValueThreshold: 0.5 }, 'val_loss', [0.9, 0.6, 0.4], [2]],
  ];
  it.each(table)('%o on %s %o saves epochs %o', async (options, key, values, expected) => {
    expect(await savedEpochs(new ModelCheckpoint(options), key, values)).toEqual(expected);
  });

  it('errors say what to do: no save function, bad mode, monitored key missing', async () => {
    expect(() => new ModelCheckpoint({} as never)).toThrow(/pass `save:/);
    expect(() => new ModelCheckpoint({ save: () => {}, mode: 'best' as never })).toThrow(
      /mode must be 'min', 'max' or 'auto'/,
    );
    const cb = new ModelCheckpoint({ save: () => {}, saveBestOnly: true });
    await expect(cb.onEpochEnd(epochEvent(0, { loss: 1 }), handle)).rejects.toThrow(
      /'val_loss' is not in the epoch logs \(loss\); pass validation data/,
    );
  });

  it('its best value survives a checkpoint: a resumed fit does not save a worse model', async () => {
    const a = new ModelCheckpoint({ save: () => {}, saveBestOnly: true, monitor: 'val_accuracy' });
    await savedEpochs(a, 'val_accuracy', [0.6, 0.9]);
    const b = new ModelCheckpoint({ save: () => {}, saveBestOnly: true, monitor: 'val_accuracy' });
    b.setState(structuredClone(a.getState()));
    expect(await savedEpochs(b, 'val_accuracy', [0.8, 0.95])).toEqual([1]);
    expect(b.bestEpoch).toBe(1);
  });

  it('in a fit: save gets the model, the epoch, its logs and the history, and can write a model folder', async () => {
    const w = tf.variable(tf.tensor2d([[0.3, -0.2]]), true, 'mc/w'); // [features 1, classes 2]
    const model = { namedParameters: () => [['w', w] as const] };
    const data = [{ x: new Float32Array([1, -1, 2, -2]), labels: new Int32Array([0, 1, 0, 1]) }];
    const folder = new Map<string, { epoch: number; weights: number[]; history: number }>();
    const cb = new ModelCheckpoint({
      monitor: 'val_loss',
      saveBestOnly: true,
      save: ({ model: m, epoch, logs, history }) => {
        const [, v] = [...m.namedParameters()][0] as readonly [string, tf.Variable];
        expect(logs.val_loss).toBeTypeOf('number');
        folder.set('model', { epoch, weights: Array.from(v!.dataSync()), history: history.length });
      },
    });
    const trainer = new Trainer({
      model,
      forward: (_m, b: (typeof data)[0]) => tf.matMul(tf.tensor2d(b.x, [4, 1]), w),
      optimizer: new SGD({ lr: 0.5 }),
      callbacks: [cb],
      checkpoint: { storage: memoryStorage() },
    });
    await trainer.fit(data, { epochs: 3, validation: data });
    // Loss falls every epoch on this separable data: the last epoch is the best and was saved.
    expect(folder.get('model')).toEqual({
      epoch: 2,
      weights: Array.from(w.dataSync()),
      history: 3,
    });
    w.dispose();
  });
});
