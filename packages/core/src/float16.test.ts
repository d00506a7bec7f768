import { describe, expect, it } from 'vitest';
import { bfloat16ToFloat, floatToHalf, halfToFloat } from './float16.js';

describe('half precision', () => {
  it('known bit patterns both ways', () => {
    const table: Array<[number, number]> = [
      [0, 0x0000],
      [1, 0x3c00],
      [-2, 0xc000],
      [65504, 0x7bff], // largest half
      [2 ** -24, 0x0001], // smallest subnormal
      [Number.POSITIVE_INFINITY, 0x7c00],
    ];
    for (const [x, h] of table) {
      expect(floatToHalf(x)).toBe(h);
      expect(halfToFloat(h)).toBe(x);
    }
    expect(Number.isNaN(halfToFloat(floatToHalf(Number.NaN)))).toBe(true);
  });

  it('rounds to nearest, ties to even, and overflows to Infinity', () => {
    expect(halfToFloat(floatToHalf(1 + 2 ** -11))).toBe(1); // tie -> even (1.0)
    expect(halfToFloat(floatToHalf(1 + 3 * 2 ** -11))).toBe(1 + 2 ** -9); // tie -> even (up)
    expect(halfToFloat(floatToHalf(0.1))).toBeCloseTo(0.1, 3);
    expect(floatToHalf(70000)).toBe(0x7c00);
    expect(floatToHalf(-1e-9)).toBe(0x8000); // underflows to -0
  });

  it('every finite half survives half -> float -> half', () => {
    const wrong: number[] = [];
    for (let h = 0; h < 0x10000; h++) {
      if ((h & 0x7c00) === 0x7c00) continue; // Infinity / NaN
      if (floatToHalf(halfToFloat(h)) !== h) wrong.push(h);
    }
    expect(wrong).toEqual([]);
  });
  it('(moved from @tfnlp/layers) rounds float32 to the nearest half (ties to even), with overflow, subnormals and NaN', () => {
    expect(floatToHalf(1)).toBe(0x3c00);
    expect(floatToHalf(-2)).toBe(0xc000);
    expect(floatToHalf(0.1)).toBe(0x2e66);
    expect(floatToHalf(-0)).toBe(0x8000);
    expect(floatToHalf(65504)).toBe(0x7bff);
    expect(floatToHalf(65519)).toBe(0x7bff); // below the midpoint to 65536
    expect(floatToHalf(65520)).toBe(0x7c00); // the midpoint rounds to even: Infinity
    expect(floatToHalf(1e6)).toBe(0x7c00);
    expect(floatToHalf(Number.NEGATIVE_INFINITY)).toBe(0xfc00);
    expect(floatToHalf(Number.NaN) & 0x7c00).toBe(0x7c00);
    expect(floatToHalf(Number.NaN) & 0x3ff).not.toBe(0);
    expect(floatToHalf(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(floatToHalf(2 ** -25)).toBe(0x0000); // halfway to it: ties to even (0)
    expect(floatToHalf(1.5 * 2 ** -25)).toBe(0x0001);
    expect(floatToHalf(3 * 2 ** -25)).toBe(0x0002); // 1.5 units: ties to even (2)
    expect(floatToHalf(2 ** -14 - 2 ** -25)).toBe(0x0400); // rounds up into the normals
    expect(floatToHalf(1 + 2 ** -11)).toBe(0x3c00); // tie, even mantissa stays
    expect(floatToHalf(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie, odd mantissa rounds up
    expect(floatToHalf(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01); // just above the tie
  });
});

describe('bfloat16', () => {
  it('is the top half of a float32', () => {
    expect(bfloat16ToFloat(0x3f80)).toBe(1);
    expect(bfloat16ToFloat(0xc040)).toBe(-3);
    expect(bfloat16ToFloat(0x7f80)).toBe(Number.POSITIVE_INFINITY);
  });
});
