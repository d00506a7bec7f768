import * as tf from '@tensorflow/tfjs-core';
import { initWasm } from '@tfnlp/backend-wasm';
import { describe, expect, it } from 'vitest';
import { SGD } from '../optimizers/sgd.js';
import { Trainer } from '../trainer.js';

await initWasm();
const w = tf.variable(tf.zeros([1, 2]));
const base = {
  model: { namedParameters: () => [['w', w] as const] },
  forward: () => tf.zeros([1, 2]),
  optimizer: new SGD({ lr: 0.1 }),
};

describe('Trainer options: removed names fail loudly (a JavaScript caller would lose them silently)', () => {
  const rows: Array<[string, Record<string, unknown>, string]> = [
    ['clipNorm', { clipNorm: 1 }, 'Trainer: the option clipNorm was renamed maxGradNorm.'],
    ['logFile', { logFile: 'x.jsonl' }, 'new JsonlLogger(path)] from @tfnlp/train/node'],
    [
      'checkpoint.dir',
      { checkpoint: { dir: '/tmp/x' } },
      '(checkpoint.dir was removed): fileStorage(dir) from @tfnlp/train/node',
    ],
    ['maxGradNorm 0', { maxGradNorm: 0 }, 'maxGradNorm must be > 0, got 0'],
    [
      'accumulationSteps 1.5',
      { accumulationSteps: 1.5 },
      'accumulationSteps must be an integer >= 1, got 1.5',
    ],
    [
      'checkpoint.keep -1',
      { checkpoint: { storage: { location: 'x' }, keep: -1 } },
      'checkpoint.keep must be an integer >= 0, got -1',
    ],
  ];
  it.each(rows)('%s', (_name, extra, fragment) => {
    expect(() => new Trainer({ ...base, ...extra })).toThrow(fragment);
  });

  it('maxGradNorm is accepted', () => {
    expect(new Trainer({ ...base, maxGradNorm: 1 })).toBeInstanceOf(Trainer);
  });
});
