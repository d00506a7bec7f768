import { describe, expect, it } from 'vitest';
import { checkModelSize, parameterBytes, WASM_HEAP_BYTES } from './size_check.js';

describe('checkModelSize', () => {
  it('passes models that fit and names the heap for those that do not', () => {
    expect(() => checkModelSize(1_600_034, { copies: 4 })).not.toThrow();
    expect(parameterBytes(10, 4)).toBe(160);
    // 100k x 2,000 embedding: 0.8 GB of weights, 3 GB with Adam state.
    expect(() => checkModelSize(200_000_000, { copies: 4 })).toThrow(
      /^model too large for the 2 GiB wasm heap: 200,000,000 parameters x 4 bytes x 4 = 3\.0 GiB/,
    );
    expect(() => checkModelSize(200_000_000)).not.toThrow();
    expect(() => checkModelSize(WASM_HEAP_BYTES / 8 + 1)).toThrow(/too large/);
  });

  it('refuses a count that is not one', () => {
    expect(() => checkModelSize(Number.NaN)).toThrow(/must be a count/);
    expect(() => checkModelSize(-1)).toThrow(/must be a count/);
    expect(() => checkModelSize(Number.POSITIVE_INFINITY)).toThrow(/must be a count/);
  });
});
