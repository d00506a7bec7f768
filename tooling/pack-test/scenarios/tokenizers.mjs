// Pack-test scenario: @tfnlp/tokenizers installed from its tarball with npm, in plain Node
// ESM. Trains a byte-level BPE and a WordPiece tokenizer on a few sentences, checks offsets
// into the original text, round-trips tokenizer.json through a file, and decodes.
// Prints one JSON line; throws on failure.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BertNormalizer,
  BertPreTokenizer,
  BpeTrainer,
  ByteLevel,
  ByteLevelDecoder,
  byteLevelAlphabet,
  loadTokenizer,
  saveTokenizer,
  Tokenizer,
  WordLevel,
  WordPieceTrainer,
} from '@tfnlp/tokenizers/node';

const texts = ['The film was great!', 'The plot was not great.', 'Café crème, 東京 😀'];

const bpe = new Tokenizer(new WordLevel({}));
bpe.preTokenizer = new ByteLevel();
bpe.decoder = new ByteLevelDecoder();
bpe.train(texts, new BpeTrainer({ vocabSize: 400, initialAlphabet: byteLevelAlphabet() }));
const input = 'Café great 😀!';
const enc = bpe.encode(input);
assert.equal(bpe.decode(enc.ids), ` ${input}`);
for (const [a, b] of enc.offsets) assert.ok(a >= 0 && b <= input.length && a <= b);

const wp = new Tokenizer(new WordLevel({}));
wp.normalizer = new BertNormalizer();
wp.preTokenizer = new BertPreTokenizer();
wp.train(texts, new WordPieceTrainer({ vocabSize: 200, specialTokens: ['[UNK]'] }));
const e = wp.encode('The FILM was grëat!');
assert.deepEqual(e.tokens, ['the', 'film', 'was', 'great', '!']);
assert.deepEqual(e.offsets[3], [13, 18]);

const dir = mkdtempSync(join(tmpdir(), 'tfnlp-tokenizers-'));
try {
  await saveTokenizer(wp, join(dir, 'tokenizer.json'));
  const back = await loadTokenizer(join(dir, 'tokenizer.json'));
  assert.deepEqual(back.encode('The FILM was grëat!').ids, e.ids);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(JSON.stringify({ ok: true, bpeTokens: enc.length, wordPieceVocab: wp.getVocabSize() }));
