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
});

describe('bfloat16', () => {
  it('is the top half of a float32', () => {
    expect(bfloat16ToFloat(0x3f80)).toBe(1);
    expect(bfloat16ToFloat(0xc040)).toBe(-3);
    expect(bfloat16ToFloat(0x7f80)).toBe(Number.POSITIVE_INFINITY);
  });
});
