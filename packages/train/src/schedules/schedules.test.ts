import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ConstantLR,
  CosineWarmupDecay,
  LinearWarmupDecay,
  ReduceLROnPlateau,
  type ReduceLROnPlateauOptions,
  StepLR,
} from './index.js';

const torchRef = JSON.parse(
  readFileSync(new URL('../../fixtures/clip_and_plateau.json', import.meta.url), 'utf8'),
);

describe('LR schedules equal their formulas', () => {
  it('constant, with and without warmup', () => {
    expect([0, 1, 100].map((s) => new ConstantLR(0.1).lrAt(s))).toEqual([0.1, 0.1, 0.1]);
    const warm = new ConstantLR(0.2, 4);
    [0, 0.05, 0.1, 0.15, 0.2, 0.2].forEach((lr, i) => {
      expect(warm.lrAt([0, 1, 2, 3, 4, 50][i]!)).toBeCloseTo(lr, 15);
    });
  });

  it('step: lr * gamma^floor(step / stepSize), same as torch StepLR', () => {
    const s = new StepLR({ lr: 0.1, stepSize: 3, gamma: 0.5 });
    expect([0, 2, 3, 5, 6, 9].map((i) => s.lrAt(i))).toEqual([0.1, 0.1, 0.05, 0.05, 0.025, 0.0125]);
    const ref = torchRef.stepLR;
    const t = new StepLR({ lr: ref.lr, stepSize: ref.stepSize, gamma: ref.gamma });
    ref.lrs.forEach((lr: number, i: number) => {
      expect(t.lrAt(i)).toBeCloseTo(lr, 12);
    });
  });

  it('linear warmup + decay', () => {
    const s = new LinearWarmupDecay({ lr: 1, warmupSteps: 10, totalSteps: 110 });
    for (const step of [0, 3, 9]) expect(s.lrAt(step)).toBeCloseTo(step / 10, 15);
    for (const step of [10, 35, 60, 109, 110]) {
      expect(s.lrAt(step)).toBeCloseTo((110 - step) / 100, 15);
    }
    expect(s.lrAt(500)).toBe(0);
    const floor = new LinearWarmupDecay({ lr: 1, totalSteps: 100, minLr: 0.1 });
    expect(floor.lrAt(0)).toBe(1);
    expect(floor.lrAt(50)).toBeCloseTo(0.1 + 0.9 * 0.5, 15);
    expect(floor.lrAt(1000)).toBeCloseTo(0.1, 15);
  });

  it('cosine warmup + decay', () => {
    const s = new CosineWarmupDecay({ lr: 2e-3, warmupSteps: 5, totalSteps: 105, minLr: 1e-4 });
    expect(s.lrAt(0)).toBe(0);
    expect(s.lrAt(2)).toBeCloseTo(2e-3 * 0.4, 15);
    for (const step of [5, 30, 55, 80, 105, 200]) {
      const p = Math.min(1, (step - 5) / 100);
      expect(s.lrAt(step)).toBeCloseTo(
        1e-4 + (2e-3 - 1e-4) * 0.5 * (1 + Math.cos(Math.PI * p)),
        15,
      );
    }
    expect(s.lrAt(5)).toBeCloseTo(2e-3, 15);
    expect(s.lrAt(55)).toBeCloseTo((2e-3 + 1e-4) / 2, 15);
    expect(s.lrAt(105)).toBeCloseTo(1e-4, 15);
  });

  it('rejects bad arguments with a message', () => {
    expect(() => new StepLR({ lr: 1, stepSize: 0 })).toThrow(/stepSize/);
    expect(() => new CosineWarmupDecay({ lr: 1, warmupSteps: 20, totalSteps: 10 })).toThrow(
      /warmupSteps/,
    );
    expect(() => new ConstantLR(1).lrAt(-1)).toThrow(/step must be/);
  });

  it('reduce-on-plateau follows torch ReduceLROnPlateau', () => {
    for (const ref of torchRef.plateau as Array<{
      lr: number;
      options: Omit<ReduceLROnPlateauOptions, 'lr'>;
      metrics: number[];
      lrs: number[];
    }>) {
      const s = new ReduceLROnPlateau({ lr: ref.lr, ...ref.options });
      const lrs = ref.metrics.map((m) => {
        s.onMetric(m);
        return s.lrAt(0);
      });
      lrs.forEach((lr, i) => {
        expect(lr).toBeCloseTo(ref.lrs[i]!, 12);
      });
      expect(new Set(ref.lrs).size).toBeGreaterThan(1); // the fixture does reduce
    }
  });

  it('reduce-on-plateau state round-trips through JSON', () => {
    const a = new ReduceLROnPlateau({ lr: 1, patience: 1, factor: 0.5 });
    const b = new ReduceLROnPlateau({ lr: 1, patience: 1, factor: 0.5 });
    b.setState(JSON.parse(JSON.stringify(a.getState())));
    a.onMetric(1);
    b.onMetric(1);
    for (const m of [1, 1, 0.5, 0.6, 0.7]) {
      a.onMetric(m);
      b.onMetric(m);
      expect(b.lrAt(0)).toBe(a.lrAt(0));
    }
    expect(a.lrAt(0)).toBe(0.25);
  });
});
