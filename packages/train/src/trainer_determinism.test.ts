// Trainer: one seed decides everything; an interrupted run resumes bit for bit.
import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { Rng } from '@tfnlp/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { batches, CLASSES, DEV, forward, Mlp, TRAIN } from '../test/trainer_fixture.js';
import { EarlyStopping } from './callbacks/early_stopping.js';
import { memoryStorage } from './checkpoint/storage.js';
import { Accuracy } from './metrics/accuracy.js';
import { ConfusionMatrix } from './metrics/confusion_matrix.js';
import { Adam } from './optimizers/adam.js';
import { AdamW } from './optimizers/adamw.js';
import { Trainer } from './trainer.js';

beforeAll(async () => {
  await initWasm();
});

describe('Trainer.fit: determinism', () => {
  it('interrupted + resumed (in process) equals uninterrupted, bit for bit, with dropout and shuffling', async () => {
    const options = (model: Mlp, storage = memoryStorage()) => ({
      model,
      forward: forward(0.3),
      optimizer: new AdamW({ lr: 0.02, weightDecay: 0.1 }),
      seed: 11,
      accumulationSteps: 2,
      checkpoint: { storage, everySteps: 3 },
      metrics: () => [new Accuracy(), new ConfusionMatrix(CLASSES)],
      callbacks: [new EarlyStopping({ patience: 5 })],
    });
    const full = new Mlp(9);
    const reference = await new Trainer(options(full)).fit(batches(TRAIN, 16), {
      epochs: 3,
      validation: batches(DEV, 64),
    });

    const storage = memoryStorage();
    const first = new Mlp(9);
    const partial = await new Trainer(options(first, storage)).fit(batches(TRAIN, 16), {
      epochs: 3,
      validation: batches(DEV, 64),
      maxSteps: 13,
    });
    expect(partial.stopReason).toBe('max-steps');
    const resumedModel = new Mlp(123); // other initial weights: all come from the checkpoint
    const resumed = await new Trainer(options(resumedModel, storage)).fit(batches(TRAIN, 16), {
      epochs: 3,
      validation: batches(DEV, 64),
      resume: true,
    });
    expect(resumed.step).toBe(reference.step);
    expect(resumedModel.values()).toEqual(full.values());
    expect(resumed.history).toEqual(reference.history);
    tf.dispose([full, first, resumedModel].flatMap((m) => m.params.map(([, v]) => v)));
  });

  it('one seed: the same seed gives the same metrics, another seed other ones', async () => {
    const run = async (seed: number) => {
      const model = new Mlp(new Rng(seed).seed());
      const trainer = new Trainer({
        model,
        forward: forward(0.3),
        optimizer: new Adam({ lr: 0.02 }),
        seed,
      });
      const { history } = await trainer.fit(batches(TRAIN, 32), {
        epochs: 2,
        validation: batches(DEV, 64),
      });
      model.dispose();
      return history;
    };
    const a = await run(5);
    expect(await run(5)).toEqual(a);
    expect(await run(6)).not.toEqual(a);
  });
});
