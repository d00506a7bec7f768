import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatRate } from './format.js';

describe('formatDuration', () => {
  it('keeps the outputs @tfnlp/train printed', () => {
    expect([5, 65.2, 3600 + 180, Number.NaN].map(formatDuration)).toEqual([
      '5s',
      '1m05s',
      '1h03m',
      '?',
    ]);
  });

  it('rounds to the second and switches units at 60 s and 1 h', () => {
    expect(
      [0, 0.4, 59.4, 59.6, 3599.4, 3599.6, 90061, Number.POSITIVE_INFINITY].map(formatDuration),
    ).toEqual(['0s', '0s', '59s', '1m00s', '59m59s', '1h00m', '25h01m', '?']);
  });
});

describe('formatBytes / formatRate', () => {
  it('binary units with one decimal', () => {
    expect(
      [0, 512, 1023, 1024, 1536, 42_046_054, 1024 ** 3 * 2, 1024 ** 5].map(formatBytes),
    ).toEqual([
      '0 B',
      '512 B',
      '1023 B',
      '1.0 KiB',
      '1.5 KiB',
      '40.1 MiB',
      '2.0 GiB',
      '1024.0 TiB',
    ]);
  });

  it('never prints 1024.0 of a unit below the largest', () => {
    expect(formatBytes(1024 * 1024 - 1)).toBe('1.0 MiB');
    expect(formatBytes(1024 * 1023.9)).toBe('1023.9 KiB');
  });

  it('"?" for what is not a byte count, and rates per second', () => {
    expect([Number.NaN, -1, Number.POSITIVE_INFINITY].map(formatBytes)).toEqual(['?', '?', '?']);
    expect(formatRate(9.5 * 1048576)).toBe('9.5 MiB/s');
    expect(formatRate(100)).toBe('100 B/s');
  });
});
