import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Callback } from './callbacks/callback.js';
import { memoryStorage } from './checkpoint/storage.js';
import { EventBus } from './events.js';
import type { TrainerHandle } from './handle.js';
import { SGD } from './optimizers/sgd.js';
import { Trainer } from './trainer.js';

beforeAll(async () => {
  await initWasm();
});

describe('one dispatch for listeners and callbacks', () => {
  it('EventBus: listeners in subscription order, then callback hooks in order, each awaited', async () => {
    const log: string[] = [];
    const slow = (tag: string) => async () => {
      await new Promise((r) => setTimeout(r, 5));
      log.push(tag);
    };
    const callbacks: Callback[] = [
      { onStepEnd: slow('cb1') },
      { onStepEnd: () => void log.push('cb2') },
    ];
    const bus = new EventBus(() => callbacks, {} as TrainerHandle);
    const off = bus.on('step', slow('l1'));
    bus.on('step', () => log.push('l2'));
    bus.on('epoch', () => log.push('epoch'));
    const step = { type: 'step' } as Parameters<typeof bus.emit>[0];
    await bus.emit(step);
    expect(log).toEqual(['l1', 'l2', 'cb1', 'cb2']);
    off();
    await bus.emit(step);
    expect(log.slice(4)).toEqual(['l2', 'cb1', 'cb2']);
  });

  it('a fit delivers every event kind to on() and to the matching callback hook, in one order', async () => {
    const w = tf.variable(tf.tensor2d([[0.1, -0.1]]), true, 'events/w'); // [1, classes 2]
    const data = [{ x: new Float32Array([1, -1]), labels: new Int32Array([0, 1]) }];
    const seen: string[] = [];
    const cb: Callback = {
      onTrainBegin: () => void seen.push('cb:train-begin'),
      onEpochBegin: (epoch) => void seen.push(`cb:epoch-begin ${epoch}`),
      onStepEnd: (e) => void seen.push(`cb:step ${e.step}`),
      onEpochEnd: (e) => void seen.push(`cb:epoch ${e.epoch}`),
      onCheckpoint: (e) => void seen.push(`cb:checkpoint ${e.name}`),
      onTrainEnd: (e) => void seen.push(`cb:stop ${e.reason}`),
    };
    const trainer = new Trainer({
      model: { namedParameters: () => [['w', w] as const] },
      forward: (_m, b: (typeof data)[0]) => tf.matMul(tf.tensor2d(b.x, [2, 1]), w),
      optimizer: new SGD({ lr: 0.1 }),
      callbacks: [cb],
      checkpoint: { storage: memoryStorage() },
    });
    for (const type of [
      'train-begin',
      'epoch-begin',
      'step',
      'epoch',
      'checkpoint',
      'stop',
    ] as const) {
      trainer.on(type, () => void seen.push(`on:${type}`));
    }
    await trainer.fit(data, { epochs: 1 });
    expect(seen).toEqual([
      'on:train-begin',
      'cb:train-begin',
      'on:epoch-begin',
      'cb:epoch-begin 0',
      'on:step',
      'cb:step 1',
      'on:epoch',
      'cb:epoch 0',
      'on:checkpoint',
      'cb:checkpoint step-00000001.safetensors',
      'on:stop',
      'cb:stop completed',
    ]);
    w.dispose();
  });
});
