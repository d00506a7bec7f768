// The Train tab's checks before Start: what the worker's split would make of the data.
import { describe, expect, it } from 'vitest';
import { axisEnd } from '../src/train/chart.js';
import type { LabelledTexts } from '../src/train/columns.js';
import { classCounts, dataProblem, MIN_EXAMPLES } from '../src/train/data_check.js';
import { builtInSample } from '../src/train/sample.js';

/** `perClass[i]` texts of class i. */
function data(perClass: number[]): LabelledTexts {
  const texts: string[] = [];
  const labels: number[] = [];
  perClass.forEach((n, c) => {
    for (let i = 0; i < n; i++) {
      texts.push(`text ${c} ${i}`);
      labels.push(c);
    }
  });
  return { name: 'test.csv', texts, labels, classes: perClass.map((_, c) => `c${c}`) };
}

describe('dataProblem', () => {
  it('accepts the built-in sample with the default share', () => {
    expect(dataProblem(builtInSample(), 0.2)).toBeNull();
  });

  it('refuses too few examples, and a class with fewer than two', () => {
    expect(dataProblem(data([1, 1]), 0.2)).toContain(
      `2 examples; training needs at least ${MIN_EXAMPLES}`,
    );
    expect(dataProblem(data([10, 1]), 0.2)).toContain('"c1" have fewer than 2 examples');
    expect(dataProblem(data([5, 5]), Number.NaN)).toBeNull();
  });

  it('refuses a share that holds out nothing, or leaves a class nothing to train on', () => {
    // round(5 * 0.05) = 0 per class: no validation examples at all.
    expect(dataProblem(data([5, 5]), 0.05)).toContain('leaves no validation examples');
    // round(2 * 0.9) = 2: class c1 keeps nothing for training (c0 keeps 2 of 20).
    expect(dataProblem(data([20, 2]), 0.9)).toContain('nothing to train on for "c1"');
    expect(dataProblem(data([20, 2]), 0.2)).toBeNull();
  });

  it('counts examples per class', () => {
    expect(classCounts(data([3, 0, 2]))).toEqual([3, 0, 2]);
  });
});

describe('axisEnd', () => {
  it('rounds the updates made so far up to 1, 2 or 5 x 10^k', () => {
    expect([0, 1, 2, 3, 13, 20, 21, 99, 101, 4999].map(axisEnd)).toEqual([
      1, 1, 2, 5, 20, 20, 50, 100, 200, 5000,
    ]);
  });
});
