import { describe, expect, it } from 'vitest';
import type { TextExample } from '../types.js';
import { collate } from './collate.js';

// Tokenizer stand-in: one id per character code (a..z -> 1..26).
const charIds = (t: string) => [...t].map((c) => c.charCodeAt(0) - 96);
const ex = (text: string, label: number): TextExample => ({ text, label });

describe('collate', () => {
  it('pads to the longest row with a mask and Int32Array labels: [B, L]', () => {
    const b = collate([ex('abc', 1), ex('a', 0), ex('ab', 1)], {
      tokenizer: charIds,
      maxLength: 10,
    });
    expect(b.batchSize).toBe(3);
    expect(b.seqLength).toBe(3);
    expect(b.ids).toBeInstanceOf(Int32Array);
    expect(Array.from(b.ids)).toEqual([1, 2, 3, 1, 0, 0, 1, 2, 0]);
    expect(Array.from(b.attentionMask)).toEqual([1, 1, 1, 1, 0, 0, 1, 1, 0]);
    expect(Array.from(b.labels)).toEqual([1, 0, 1]);
    expect(Array.from(b.lengths)).toEqual([3, 1, 2]);
    expect(b.truncated).toBe(0);
  });

  it('truncates long rows to maxLength and never drops them', () => {
    const long = 'abcdefghij';
    const b = collate([ex(long, 1), ex('ab', 0)], { tokenizer: charIds, maxLength: 4 });
    expect(b.batchSize).toBe(2);
    expect(b.seqLength).toBe(4);
    expect(Array.from(b.ids)).toEqual([1, 2, 3, 4, 1, 2, 0, 0]);
    expect(Array.from(b.labels)).toEqual([1, 0]);
    expect(b.truncated).toBe(1);
    const tail = collate([ex(long, 1)], { tokenizer: charIds, maxLength: 4, truncation: 'start' });
    expect(Array.from(tail.ids)).toEqual([7, 8, 9, 10]);
  });

  it("pads to maxLength with padTo 'max', on the left, with a custom pad id", () => {
    const b = collate([ex('ab', 0)], {
      tokenizer: charIds,
      maxLength: 4,
      padTo: 'max',
      padding: 'left',
      padId: -1,
    });
    expect(Array.from(b.ids)).toEqual([-1, -1, 1, 2]);
    expect(Array.from(b.attentionMask)).toEqual([0, 0, 1, 1]);
  });

  it('uses encodeBatch tokenizers and pre-tokenized ids', () => {
    const calls: string[][] = [];
    const tok = {
      encodeBatch(texts: string[]) {
        calls.push(texts);
        return texts.map((t) => ({ ids: charIds(t) }));
      },
    };
    const b = collate(
      [
        ex('ab', 0),
        { text: 'ignored', label: 1, ids: [5, 6, 7] } as TextExample & { ids: number[] },
      ],
      {
        tokenizer: tok,
        maxLength: 8,
      },
    );
    expect(calls).toEqual([['ab']]);
    expect(Array.from(b.ids)).toEqual([1, 2, 0, 5, 6, 7]);
  });

  it('rejects a tokenizer that loses texts, and non-integer labels', () => {
    const bad = { encodeBatch: () => [] };
    expect(() => collate([ex('a', 0)], { tokenizer: bad, maxLength: 2 })).toThrow(/one per text/);
    expect(() => collate([ex('a', 0.5)], { tokenizer: charIds, maxLength: 2 })).toThrow(
      /non-integer label/,
    );
    expect(() => collate([ex('a', 0)], { maxLength: 2 })).toThrow(/no tokenizer/);
    expect(() => collate([{ ids: [1], label: 0 }], { padTo: 'max' })).toThrow(/give maxLength/);
  });

  it('gives empty examples the emptyId token, maps ids first, and needs no maxLength', () => {
    const b = collate(
      [
        { ids: [], label: 0 },
        { ids: [4, 5, 6], label: 1 },
      ],
      { emptyId: 9, mapIds: (ids) => Array.from(ids, (x) => x * 10) },
    );
    expect(Array.from(b.ids)).toEqual([9, 0, 0, 40, 50, 60]);
    expect(Array.from(b.attentionMask)).toEqual([1, 0, 0, 1, 1, 1]);
    expect(Array.from(b.lengths)).toEqual([1, 3]);
  });
});
