// Trainer: stopping early (NaN guard, onNonFinite, EarlyStopping) and plateau schedules.
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Batch, batches, CLASSES, DEV, forward, Mlp, TRAIN } from '../test/trainer_fixture.js';
import { EarlyStopping } from './callbacks/early_stopping.js';
import { memoryStorage } from './checkpoint/storage.js';
import { NonFiniteError } from './errors.js';
import { Adam } from './optimizers/adam.js';
import { SGD } from './optimizers/sgd.js';
import { ReduceLROnPlateau } from './schedules/reduce_on_plateau.js';
import { Trainer } from './trainer.js';
import type { StepContext } from './types.js';

beforeAll(async () => {
  await initWasm();
});

describe('Trainer.fit: stopping and plateaus', () => {
  it('NaN guard: stops with a clear message, skips the bad update, keeps the last checkpoint', async () => {
    const model = new Mlp(1);
    const storage = memoryStorage();
    const base = forward();
    const trainer = new Trainer({
      model,
      forward: (m: Mlp, b: Batch, ctx: StepContext) => {
        const logits = base(m, b, ctx);
        return ctx.step === 5 ? tf.mul(logits, Number.NaN) : logits;
      },
      optimizer: new Adam({ lr: 0.01 }),
      checkpoint: { storage, everySteps: 2 },
    });
    let atStep5: number[][] = [];
    trainer.on('step', (e) => {
      if (e.step === 5) atStep5 = model.values();
    });
    const stops: string[] = [];
    trainer.on('stop', (e) => stops.push(e.reason));
    const error = await trainer.fit(batches(TRAIN, 32), { epochs: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteError);
    const nf = error as NonFiniteError;
    expect(nf.message).toMatch(/non-finite loss \(NaN\).*epoch 1, update 6/);
    expect(nf.message).toMatch(/last good checkpoint, memory:step-00000004\.safetensors, is kept/);
    expect(nf.lastCheckpoint).toBe('memory:step-00000004.safetensors');
    expect(stops).toEqual(['non-finite']);
    expect(trainer.step).toBe(5);
    expect(model.values()).toEqual(atStep5); // the bad update was not applied
    expect([...storage.files.keys()].sort()).toEqual([
      'latest.json',
      'step-00000002.safetensors',
      'step-00000004.safetensors',
    ]);
    model.dispose();
  });

  it('onNonFinite: stop resolves instead of throwing', async () => {
    const model = new Mlp(1);
    const base = forward();
    const trainer = new Trainer({
      model,
      forward: (m: Mlp, b: Batch, ctx: StepContext) =>
        ctx.step === 2 ? tf.mul(base(m, b, ctx), Number.POSITIVE_INFINITY) : base(m, b, ctx),
      optimizer: new SGD({ lr: 0.1 }),
      onNonFinite: 'stop',
    });
    const result = await trainer.fit(batches(TRAIN, 32), { epochs: 1 });
    expect(result.stopReason).toBe('non-finite');
    expect(result.step).toBe(2);
    model.dispose();
  });

  it('early stopping: stops after `patience` epochs without improvement and restores the best weights', async () => {
    const model = new Mlp(2);
    // Validation labels are shifted, so the better the model learns, the worse val_loss gets.
    const wrong: Batch = { x: DEV.x, labels: DEV.labels.map((y) => (y + 1) % CLASSES) };
    const early = new EarlyStopping({ monitor: 'val_loss', patience: 2 });
    const trainer = new Trainer({
      model,
      forward: forward(),
      optimizer: new Adam({ lr: 0.05 }),
      callbacks: [early],
    });
    const snapshots: number[][][] = [];
    trainer.on('epoch', () => snapshots.push(model.values()));
    const result = await trainer.fit(batches(TRAIN, 32), { epochs: 10, validation: [wrong] });
    expect(result.stopReason).toBe('early-stopping');
    expect(result.message).toMatch(/val_loss did not improve for 2 epoch\(s\); best .* at epoch 1/);
    expect(result.history).toHaveLength(3);
    expect(early.bestEpoch).toBe(0);
    expect(model.values()).toEqual(snapshots[0]);
    expect(model.values()).not.toEqual(snapshots[2]);
    model.dispose();
  });

  it('reduce-on-plateau gets the monitored value after each epoch', async () => {
    const model = new Mlp(2);
    const wrong: Batch = { x: DEV.x, labels: DEV.labels.map((y) => (y + 1) % CLASSES) };
    const schedule = new ReduceLROnPlateau({ lr: 0.05, patience: 0, factor: 0.5 });
    const trainer = new Trainer({
      model,
      forward: forward(),
      optimizer: new Adam({ lr: 1 }),
      schedule,
    });
    const lrs: number[] = [];
    trainer.on('epoch', () => lrs.push(schedule.lrAt(0)));
    await trainer.fit(batches(TRAIN, 64), { epochs: 3, validation: [wrong] });
    expect(lrs).toEqual([0.05, 0.025, 0.0125]);
    expect(trainer.optimizer.lr).toBe(0.025); // the last update of epoch 3 used the lr after epoch 2
    model.dispose();
  });
});
