// The progress line of `train` (what a terminal redraws in place and a log prints).
import { describe, expect, it } from 'vitest';
import { formatProgress } from '../src/train/progress.js';

const step = {
  epoch: 0,
  epochs: 3,
  stepInEpoch: 352,
  stepsPerEpoch: 704,
  samplesPerSecond: 1180.44,
  loss: 0.50123,
  accuracy: 0.75321,
  etaSeconds: 43,
};

describe('formatProgress', () => {
  it('shows epoch, bar, step, samples/s, loss, accuracy and ETA', () => {
    expect(formatProgress(step, 10)).toBe(
      'epoch 1/3 [====>     ] 352/704  1180.4 samples/s  loss 0.5012  acc 0.7532  ETA 43s',
    );
  });

  it('fills the bar at the end of an epoch and leaves it out when the length is unknown', () => {
    expect(formatProgress({ ...step, stepInEpoch: 704 }, 4)).toContain('[====] 704/704');
    expect(formatProgress({ ...step, stepsPerEpoch: undefined, etaSeconds: undefined })).toBe(
      'epoch 1/3 352  1180.4 samples/s  loss 0.5012  acc 0.7532',
    );
    expect(formatProgress(step, 0)).toMatch(/^epoch 1\/3 352\/704 {2}1180\.4/);
  });
});
