import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { imdbPath, loadImdbTexts } from '../../scripts/imdb.mjs';
import { WordLevel } from '../models/word_level.js';
import { BertNormalizer } from '../normalizers/bert.js';
import { Lowercase } from '../normalizers/lowercase.js';
import { NormalizerSequence } from '../normalizers/sequence.js';
import { NFKC } from '../normalizers/unicode.js';
import { BertPreTokenizer } from '../pre_tokenizers/bert.js';
import { ByteLevel } from '../pre_tokenizers/byte_level.js';
import { Whitespace } from '../pre_tokenizers/whitespace.js';
import { tokenizerToJson } from '../serialization.js';
import { Tokenizer } from '../tokenizer.js';
import { BpeTrainer } from '../trainers/bpe.js';
import type { Trainer } from '../trainers/trainer.js';
import { WordLevelTrainer } from '../trainers/word_level.js';
import { WordPieceTrainer } from '../trainers/word_piece.js';
import { fixture, loadFixtureTokenizer } from './fixtures.js';

// Digests (never text) of HF's output on the first 2,000 IMDB train reviews, written by
// scripts/make-fixtures.mjs. Needs ../shared/data/imdb/aclImdb_v1.tar.gz (or $TFNLP_DATA_DIR).
interface ImdbFixture {
  reviews: number;
  encodings: Record<string, string[]>;
  trained: Record<
    string,
    { vocabSize: number; vocabDigest: string; mergesDigest: string | null; tokenHashes?: string[] }
  >;
}

const path = imdbPath();
const digest = (x: unknown) =>
  createHash('sha256').update(JSON.stringify(x)).digest('hex').slice(0, 16);
if (!path) {
  console.warn(
    'IMDB parity skipped: ../shared/data/imdb/aclImdb_v1.tar.gz not found (set TFNLP_DATA_DIR to run it)',
  );
}

describe.skipIf(!path)('parity with HF on 2,000 IMDB train reviews', () => {
  const want = fixture<ImdbFixture>('imdb.json');
  let texts: string[] = [];
  beforeAll(async () => {
    texts = await loadImdbTexts(path!, 'train', want.reviews);
  });

  it.each(Object.keys(want.encodings))('%s: ids and offsets equal HF for every review', (name) => {
    const tok = loadFixtureTokenizer(name);
    const bad: number[] = [];
    texts.forEach((t, i) => {
      const e = tok.encode(t);
      if (digest([e.ids, e.offsets]) !== want.encodings[name]![i]) bad.push(i);
    });
    expect(texts.length).toBe(2000);
    expect(bad.slice(0, 10)).toEqual([]);
  });

  // The fixture puts the special tokens in front of HF's default 30,000-token training, i.e.
  // HF's trainer with those special tokens and vocab_size 30,000 + their number.
  function train(kind: string): Record<string, unknown> {
    const tok = new Tokenizer(new WordLevel({}));
    let trainer: Trainer;
    if (kind === 'wordlevel') {
      tok.normalizer = new NormalizerSequence([NFKC(), new Lowercase()]);
      tok.preTokenizer = new Whitespace();
      trainer = new WordLevelTrainer({ vocabSize: 30_002, specialTokens: ['[UNK]', '[PAD]'] });
    } else if (kind === 'wordpiece') {
      tok.normalizer = new BertNormalizer();
      tok.preTokenizer = new BertPreTokenizer();
      trainer = new WordPieceTrainer({
        vocabSize: 30_005,
        specialTokens: ['[UNK]', '[CLS]', '[SEP]', '[PAD]', '[MASK]'],
      });
    } else {
      tok.preTokenizer = new ByteLevel();
      trainer = new BpeTrainer({ vocabSize: 30_001, specialTokens: ['<|endoftext|>'] });
    }
    tok.train(
      texts.map((t) => `${t}\n`),
      trainer,
    );
    return tokenizerToJson(tok).model as Record<string, unknown>;
  }

  it.each(['wordlevel', 'bpe'])('%s trainer: same vocabulary and merges as HF', (kind) => {
    const model = train(kind);
    const vocab = Object.entries(model.vocab as Record<string, number>).sort((a, b) => a[1] - b[1]);
    const w = want.trained[kind]!;
    expect(vocab.length).toBe(w.vocabSize);
    expect(digest(vocab)).toBe(w.vocabDigest);
    if (w.mergesDigest) expect(digest(model.merges)).toBe(w.mergesDigest);
  });

  it('wordpiece trainer: same size and >= 97% of the tokens of HF', () => {
    const vocab = Object.keys(train('wordpiece').vocab as Record<string, number>);
    const w = want.trained.wordpiece!;
    const hf = new Set(w.tokenHashes);
    const shared = vocab.filter((t) => hf.has(digest(t).slice(0, 10))).length;
    expect(Math.abs(vocab.length - w.vocabSize)).toBeLessThanOrEqual(Math.ceil(w.vocabSize * 0.01));
    expect(shared / w.vocabSize).toBeGreaterThan(0.97);
  });
});
