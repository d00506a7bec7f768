import { describe, expect, it } from 'vitest';
import { modelFromJson } from '../serialization.js';
import { Unigram } from './unigram.js';

// Cases from HF tokenizers' models/unigram/model.rs tests.
const values = (m: Unigram, s: string) => m.tokenize(s).map((t) => t.value);

describe('Unigram', () => {
  it('picks the highest-scoring segmentation (HF test_encode)', () => {
    const m = new Unigram(
      [
        ['<unk>', 0],
        ['a', 0],
        ['b', 0],
        ['c', 0],
        ['d', 0],
        ['cd', 1],
        ['ab', 2],
        ['abc', 5],
        ['abcd', 10],
      ],
      { unkId: 0 },
    );
    expect(values(m, 'abcd')).toEqual(['abcd']);
    expect(values(m, 'abcdacdxx')).toEqual(['abcd', 'a', 'cd', 'xx']);
    expect(m.tokenize('abcdacdxx').map((t) => [t.id, t.start, t.end])).toEqual([
      [8, 0, 4],
      [1, 4, 5],
      [5, 5, 7],
      [0, 7, 9],
    ]);
  });

  it('fuses unknown runs and keeps user pieces (HF test_encode2)', () => {
    const m = new Unigram(
      [
        ['<unk>', 0],
        ['ab', 0],
        ['cd', -0.1],
        ['abc', -0.2],
        ['a', -0.3],
        ['b', -0.4],
        ['c', -0.5],
        ['ABC', -0.5],
        ['abcdabcd', 20],
        ['q', 20.5],
        ['r', 20.5],
        ['qr', -0.5],
      ],
      { unkId: 0 },
    );
    expect(values(m, 'abc')).toEqual(['abc']);
    expect(values(m, 'AB')).toEqual(['AB']);
    expect(values(m, 'abcd')).toEqual(['ab', 'cd']);
    expect(values(m, 'abcc')).toEqual(['abc', 'c']);
    expect(values(m, 'xabcabaabcdd')).toEqual(['x', 'abc', 'ab', 'a', 'ab', 'cd', 'd']);
    expect(values(m, 'xyz東京')).toEqual(['xyz東京']);
    expect(values(m, 'ABC')).toEqual(['ABC']);
    expect(values(m, 'abABCcd')).toEqual(['ab', 'ABC', 'cd']);
    expect(values(m, 'ababcdabcdcd')).toEqual(['ab', 'abcdabcd', 'cd']);
    expect(values(m, 'abqrcd')).toEqual(['ab', 'q', 'r', 'cd']);
    expect(m.tokenize('x').map((t) => t.id)).toEqual([0]);
  });

  it('falls back to <0xNN> bytes spanning the unknown text (HF test_unigram_bytefallback)', () => {
    const m = new Unigram(
      [
        ['<unk>', 0],
        ['<0xC3>', -0.01],
        ['<0xA9>', -0.03],
      ],
      { unkId: 0, byteFallback: true },
    );
    expect(m.tokenize('é')).toEqual([
      { id: 1, value: '<0xC3>', start: 0, end: 1 },
      { id: 2, value: '<0xA9>', start: 0, end: 1 },
    ]);
    // '?' has no byte piece: the whole fused run is unknown.
    expect(m.tokenize('?é')[0]!.id).toBe(0);
  });

  it('treats an astral char as one char (UTF-16 offsets)', () => {
    const m = new Unigram(
      [
        ['<unk>', 0],
        ['a', -1],
      ],
      { unkId: 0 },
    );
    expect(m.tokenize('a😀a').map((t) => [t.id, t.start, t.end])).toEqual([
      [1, 0, 1],
      [0, 1, 3],
      [1, 3, 4],
    ]);
  });

  it('errors clearly on an unknown char without unk_id, and on a bad unk_id', () => {
    const m = new Unigram([['a', -1]]);
    expect(m.tokenize('aa').map((t) => t.value)).toEqual(['a', 'a']);
    expect(() => m.tokenize('ab')).toThrow(
      /"b" is not in the vocabulary and the model has no unk_id/,
    );
    expect(() => new Unigram([['a', 0]], { unkId: 3 })).toThrow(/unk_id 3 is not an index/);
    expect(() => new Unigram([], { unkId: 0 })).toThrow(/vocabulary is empty/);
  });

  it('reads and writes tokenizer.json as HF does', () => {
    const json = {
      type: 'Unigram',
      unk_id: 0,
      vocab: [
        ['<unk>', 0],
        ['▁a', -1.5],
        ['b', -2.25],
      ],
      byte_fallback: true,
    };
    const m = modelFromJson(json) as Unigram;
    expect(m.toJSON()).toEqual(json);
    expect(m.tokenToId('b')).toBe(2);
    expect(m.idToToken(1)).toBe('▁a');
    expect(m.vocabSize).toBe(3);
    expect(m.scoreOf(2)).toBe(-2.25);
    // Old files without a type: an array vocab means Unigram (as HF infers it).
    expect(modelFromJson({ unk_id: 0, vocab: [['<unk>', 0]] }).type).toBe('Unigram');
    expect(() => modelFromJson({ type: 'Unigram', vocab: [['a']] })).toThrow(
      /model\.vocab\[0\]: expected \[piece, score\]/,
    );
  });
});
