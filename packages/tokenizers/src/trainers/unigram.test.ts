import { describe, expect, it } from 'vitest';
import type { Unigram } from '../models/unigram.js';
import { repeatedSubstrings, suffixArray } from './suffix_array.js';
import { digamma, UnigramTrainer } from './unigram.js';
import { Lattice, PieceTable } from './unigram_lattice.js';

// Cases from HF tokenizers' models/unigram/trainer.rs tests.
const cps = (s: string) => [...s].map((c) => c.codePointAt(0)!);

describe('suffix array and repeated substrings (esaxx)', () => {
  it('sorts suffixes by code point', () => {
    expect([...suffixArray(cps('banana'))]).toEqual([5, 3, 1, 0, 4, 2]);
    expect([...suffixArray(cps('a😀a😀'))]).toEqual([2, 0, 3, 1]);
  });

  it('lists the internal suffix-tree nodes with their counts', () => {
    const s = cps('abracadabra');
    const nodes = repeatedSubstrings(s);
    const got: string[] = [];
    for (let k = 0; k < nodes.length; k += 3) {
      got.push(
        `${String.fromCodePoint(...s.slice(nodes[k]!, nodes[k]! + nodes[k + 1]!))}:${nodes[k + 2]}`,
      );
    }
    expect(got.sort()).toEqual([':11', 'a:5', 'abra:2', 'bra:2', 'ra:2'].sort());
  });
});

describe('UnigramTrainer', () => {
  it('seeds chars then repeated substrings by freq x length (HF test_unigram_chars)', () => {
    const t = new UnigramTrainer();
    const sentences: Array<[string, number]> = [
      ['This is a', 1],
      ['こんにちは友達', 1],
    ];
    expect(t.requiredChars(sentences)).toHaveLength(13);
    const seeds = t.seedPieces(sentences);
    expect(seeds.map(([p]) => p)).toEqual([
      's',
      'i',
      ' ',
      '達',
      '友',
      'ん',
      'は',
      'に',
      'ち',
      'こ',
      'h',
      'a',
      'T',
      'is ',
      's ',
    ]);
    const want = [
      -2.5649493574615367,
      -2.5649493574615367,
      -2.5649493574615367,
      ...new Array(10).fill(-3.258096538021482),
      -1.4663370687934272,
      -1.8718021769015916,
    ];
    seeds.forEach(([, s], i) => {
      expect(s).toBeCloseTo(want[i]!, 10);
    });
  });

  it('adds the initial alphabet to the required chars (HF test_initial_alphabet)', () => {
    const t = new UnigramTrainer({ initialAlphabet: ['a', 'b', 'c', 'd', 'e', 'f'] });
    expect(new Set(t.requiredChars([['こんにちは友達', 1]]))).toEqual(
      new Set(['こ', 'ん', 'に', 'ち', 'は', '友', '達', 'a', 'b', 'c', 'd', 'e', 'f']),
    );
  });

  const words = new Map([
    ['The', 12],
    ['are', 11],
  ]);
  const first = (t: UnigramTrainer, n: number) =>
    (t.train(words).model as Unigram).vocab.slice(0, n);

  it('puts the unk token and special tokens first (HF test_unk_token, test_special_tokens)', () => {
    expect(
      first(new UnigramTrainer({ specialTokens: ['[SEP]', '[CLS]'], unkToken: '[UNK]' }), 3),
    ).toEqual([
      ['[UNK]', 0],
      ['[SEP]', 0],
      ['[CLS]', 0],
    ]);
    const kept = new UnigramTrainer({
      specialTokens: ['[SEP]', '[CLS]', '[UNK]'],
      unkToken: '[UNK]',
    });
    expect(first(kept, 3)).toEqual([
      ['[SEP]', 0],
      ['[CLS]', 0],
      ['[UNK]', 0],
    ]);
    expect((kept.train(words).model as Unigram).unkId).toBe(2);
    expect(first(new UnigramTrainer(), 1)[0]![0]).toBe('e');
    expect(first(new UnigramTrainer({ specialTokens: ['[SEP]', '[CLS]'] }), 2)).toEqual([
      ['[SEP]', 0],
      ['[CLS]', 0],
    ]);
  });

  it('has HF digamma values', () => {
    expect(digamma(1)).toBeCloseTo(-0.5772156649, 9);
    expect(digamma(10)).toBeCloseTo(2.2517525891, 9);
  });

  it('rejects a vocabulary smaller than the alphabet', () => {
    expect(() => new UnigramTrainer({ vocabSize: 2 }).train(words)).toThrow(
      /distinct chars do not fit in vocabSize 2/,
    );
  });
});

// HF lattice.rs tests (test_viterbi2, test_nbest, test_populate), with the nodes coming from
// a piece table (ids 1 and 2 are fillers that never match).
describe('training lattice', () => {
  const table = (scores: number[]) =>
    new PieceTable(
      ['<unk>', '\u0001', '\u0002', 'A', 'B', 'C', 'AB', 'BC', 'ABC'].map(
        (p, i) => [p, scores[i] ?? 0] as const,
      ),
    );
  const tokens = (lat: Lattice, path: number[]) =>
    path.map((k) => lat.word.slice(lat.pos[k], lat.pos[k]! + lat.len[k]!));

  it('viterbi and nbest order the segmentations by score', () => {
    const lat = new Lattice('ABC', table([0, 0, 0, 0, 0, 0, 2, 5, 10]));
    expect(tokens(lat, lat.viterbi())).toEqual(['ABC']);
    expect(lat.nbest(10).map((p) => tokens(lat, p))).toEqual([
      ['ABC'],
      ['A', 'BC'],
      ['AB', 'C'],
      ['A', 'B', 'C'],
    ]);
    const noAbc = new Lattice('ABC', table([0, 0, 0, 0, 0, 0, 2, 5, -100]));
    expect(tokens(noAbc, noAbc.viterbi())).toEqual(['A', 'BC']);
  });

  it('populateMarginal adds node posteriors and returns log Z', () => {
    const lat = new Lattice('ABC', table([0, 0, 0, 1, 1.2, 2.5, 3, 4, 2]));
    const p1 = Math.exp(1 + 1.2 + 2.5);
    const p2 = Math.exp(3 + 2.5);
    const p3 = Math.exp(1 + 4);
    const p4 = Math.exp(2);
    const z = p1 + p2 + p3 + p4;
    const probs = new Float64Array(9);
    expect(lat.populateMarginal(1, probs)).toBeCloseTo(Math.log(z), 9);
    const want = [0, 0, 0, (p1 + p3) / z, p1 / z, (p1 + p2) / z, p2 / z, p3 / z, p4 / z];
    want.forEach((w, i) => {
      expect(probs[i]).toBeCloseTo(w, 9);
    });
  });

  it('gives an unknown char one unk node (id 0, min score - 10)', () => {
    const lat = new Lattice('AxB', table([0, 0, 0, -1, -2, -3, -4, -5, -6]));
    expect(tokens(lat, lat.viterbi())).toEqual(['A', 'x', 'B']);
    const unk = lat.viterbi()[1]!;
    expect([lat.id[unk], lat.score[unk]]).toEqual([0, -16]);
  });
});
