// The training script's validation split: stratified, seeded, disjoint from what is trained on.
import { describe, expect, it } from 'vitest';
import { holdOut } from '../scripts/holdout.mjs';

const examples = Array.from({ length: 230 }, (_, i) => ({
  id: i,
  label: i < 200 ? 0 : 1 + (i % 3),
}));

describe('holdOut', () => {
  it('holds out round(fraction * n) of each class, disjoint from the rest, in order', () => {
    const { train, validation } = holdOut(examples, 0.1, 0);
    const count = (xs: typeof examples, label: number) =>
      xs.filter((e) => e.label === label).length;
    expect(count(validation, 0)).toBe(20);
    for (const label of [1, 2, 3]) expect(count(validation, label)).toBe(1); // 10 each
    expect(train.length + validation.length).toBe(examples.length);
    const ids = new Set(validation.map((e) => e.id));
    expect(train.some((e) => ids.has(e.id))).toBe(false);
    expect(train.map((e) => e.id)).toEqual([...train.map((e) => e.id)].sort((a, b) => a - b));
  });

  it('is seeded: same seed, same split; another seed, another split; 0 holds nothing out', () => {
    const ids = (seed: number) => holdOut(examples, 0.1, seed).validation.map((e) => e.id);
    expect(ids(0)).toEqual(ids(0));
    expect(ids(1)).not.toEqual(ids(0));
    expect(holdOut(examples, 0, 0)).toEqual({ train: examples, validation: [] });
  });

  it('latest: holds out the highest-numbered examples of each class', () => {
    const { train, validation } = holdOut(examples, 0.1, 0, { latest: true });
    expect(validation.filter((e) => e.label === 0).map((e) => e.id)).toEqual(
      Array.from({ length: 20 }, (_, i) => 180 + i),
    );
    const maxTrain = (label: number) =>
      Math.max(...train.filter((e) => e.label === label).map((e) => e.id));
    for (const label of [0, 1, 2, 3]) {
      const minHeld = Math.min(...validation.filter((e) => e.label === label).map((e) => e.id));
      expect(minHeld).toBeGreaterThan(maxTrain(label));
    }
    expect(() => holdOut([{ label: 0 }], 0.5, 0, { latest: true })).toThrow(/numbered/);
  });
});
