import { describe, expect, it } from 'vitest';
import type { TextExample } from '../types.js';
import { shuffleArray } from './shuffle.js';
import { stratifiedSplit } from './split.js';

function examples(perClass: number[]): TextExample[] {
  const out: TextExample[] = [];
  perClass.forEach((n, label) => {
    for (let i = 0; i < n; i++)
      out.push({
        text: `c${label} #${i}`,
        label,
        key: `${label}/${String(i).padStart(4, '0')}`,
        split: 'train',
      });
  });
  return out;
}

describe('stratifiedSplit', () => {
  it('keeps the class balance in both parts and loses nothing', async () => {
    const all = examples([100, 50, 10]);
    const { train, validation } = await stratifiedSplit(all, { validationFraction: 0.2, seed: 1 });
    const count = (xs: TextExample[], l: number) => xs.filter((x) => x.label === l).length;
    expect([0, 1, 2].map((l) => count(validation, l))).toEqual([20, 10, 2]);
    expect([0, 1, 2].map((l) => count(train, l))).toEqual([80, 40, 8]);
    const keys = new Set([...train, ...validation].map((x) => x.key));
    expect(keys.size).toBe(160);
    expect(validation.every((x) => x.split === 'validation')).toBe(true);
    expect(train.every((x) => x.split === 'train')).toBe(true);
  });

  it('does not depend on the input order when examples have keys', async () => {
    const all = examples([30, 30]);
    const a = await stratifiedSplit(all, { validationFraction: 0.3, seed: 9 });
    const b = await stratifiedSplit(shuffleArray(all, 5), { validationFraction: 0.3, seed: 9 });
    expect(b.validation.map((x) => x.key)).toEqual(a.validation.map((x) => x.key));
    const c = await stratifiedSplit(all, { validationFraction: 0.3, seed: 10 });
    expect(c.validation.map((x) => x.key)).not.toEqual(a.validation.map((x) => x.key));
  });

  it('rejects fractions outside (0, 1)', async () => {
    await expect(stratifiedSplit([], { validationFraction: 1, seed: 1 })).rejects.toThrow(
      /between 0 and 1/,
    );
  });
});
