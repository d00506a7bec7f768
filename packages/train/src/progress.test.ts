import { describe, expect, it } from 'vitest';
import { ProgressPrinter } from './callbacks/progress_printer.js';
import type { StepEvent } from './events.js';
import { formatDuration, formatEpoch, formatStep } from './progress.js';

const step: StepEvent = {
  type: 'step',
  epoch: 0,
  epochs: 3,
  step: 40,
  stepInEpoch: 40,
  stepsPerEpoch: 125,
  samples: 1280,
  samplesPerSecond: 811.6,
  batchLoss: 0.5,
  loss: 0.48123,
  metrics: { accuracy: 0.77344 },
  lr: 0.001,
  gradNorm: 1.2,
  elapsedSeconds: 1.6,
  etaSeconds: 65.2,
};

describe('progress formatting', () => {
  it('durations', () => {
    expect([5, 65.2, 3600 + 180, Number.NaN].map(formatDuration)).toEqual([
      '5s',
      '1m05s',
      '1h03m',
      '?',
    ]);
  });

  it('one line per step and per epoch', () => {
    expect(formatStep(step)).toBe(
      'epoch 1/3  step 40/125  loss 0.4812  accuracy 0.7734  lr 1.00e-3  812 samples/s  ETA 1m05s',
    );
    expect(
      formatEpoch({
        type: 'epoch',
        epoch: 1,
        epochs: 3,
        step: 250,
        logs: { loss: 0.3, val_loss: 0.35 },
        elapsedSeconds: 41,
      }),
    ).toBe('epoch 2/3  loss 0.3000  val_loss 0.3500  (41s)');
  });

  it('ProgressPrinter prints every N steps and the stop message', () => {
    const lines: string[] = [];
    const printer = new ProgressPrinter({ everySteps: 20, write: (l) => lines.push(l) });
    printer.onStepEnd({ ...step, step: 39 });
    printer.onStepEnd(step);
    printer.onTrainEnd({
      type: 'stop',
      reason: 'completed',
      message: 'training completed',
      step: 40,
    });
    expect(lines).toEqual([formatStep(step), 'stopped after update 40: training completed']);
  });
});
