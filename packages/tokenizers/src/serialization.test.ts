import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BPE } from './models/bpe.js';
import { loadBpeFiles, loadTokenizer, loadWordPieceVocab, saveTokenizer } from './node.js';
import { ByteLevel } from './pre_tokenizers/byte_level.js';
import { tokenizerFromJson, tokenizerFromString, tokenizerToJson } from './serialization.js';
import { Tokenizer } from './tokenizer.js';

const base = () => ({
  version: '1.0',
  added_tokens: [],
  normalizer: { type: 'Sequence', normalizers: [{ type: 'NFC' }, { type: 'Lowercase' }] },
  pre_tokenizer: { type: 'Whitespace' },
  model: { type: 'WordLevel', vocab: { hello: 0, '<unk>': 1 }, unk_token: '<unk>' },
});

describe('tokenizer.json', () => {
  it('round-trips through save and load (atomically, no temp file left)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tok-'));
    const tok = tokenizerFromJson(base());
    tok
      .setPadding({ length: 8, padId: 1, padToken: '<unk>' })
      .setTruncation({ maxLength: 8, stride: 2 });
    const path = join(dir, 'tokenizer.json');
    await saveTokenizer(tok, path);
    expect(readdirSync(dir)).toEqual(['tokenizer.json']);
    const back = await loadTokenizer(path);
    expect(tokenizerToJson(back)).toEqual(tokenizerToJson(tok));
    expect(back.encode('HELLO you').ids).toEqual([0, 1, 1, 1, 1, 1, 1, 1]);
  });

  it.each([
    [
      'unsupported stage',
      { ...base(), normalizer: { type: 'NoSuchNormalizer' } },
      /normalizer\.type: unsupported normalizer "NoSuchNormalizer"/,
    ],
    [
      'nested unsupported stage',
      {
        ...base(),
        pre_tokenizer: {
          type: 'Sequence',
          pretokenizers: [{ type: 'Whitespace' }, { type: 'UnicodeScripts' }],
        },
      },
      /pre_tokenizer\.pretokenizers\[1\]\.type: unsupported pre-tokenizer "UnicodeScripts"/,
    ],
    [
      'bad vocab',
      { ...base(), model: { type: 'WordLevel', vocab: [] } },
      /model\.vocab: expected an object/,
    ],
    [
      'bad vocab id',
      { ...base(), model: { type: 'WordPiece', vocab: { a: 'x' } } },
      /model\.vocab\["a"\]: expected a number id/,
    ],
    [
      'bad bool',
      { ...base(), normalizer: { type: 'BertNormalizer', lowercase: 'yes' } },
      /normalizer\.lowercase: expected true or false/,
    ],
    ['missing model', { version: '1.0' }, /model: missing/],
    [
      'bad added token',
      { ...base(), added_tokens: [{ id: 'x' }] },
      /added_tokens\[0\]\.id: expected a number/,
    ],
    [
      'bad merges',
      { ...base(), model: { type: 'BPE', vocab: { a: 0 }, merges: [1] } },
      /model\.merges\[0\]: expected \["a", "b"\]/,
    ],
    [
      'dropout',
      { ...base(), model: { type: 'BPE', vocab: {}, merges: [], dropout: 0.1 } },
      /model\.dropout: BPE dropout \(0\.1\) is not supported/,
    ],
    [
      'unsupported model',
      { ...base(), model: { type: 'NoSuchModel', vocab: [] } },
      /model\.type: unsupported model "NoSuchModel"/,
    ],
  ])('rejects %s with an error naming the field', (_n, json, re) => {
    expect(() => tokenizerFromJson(json)).toThrow(re);
  });

  it('reports invalid JSON text and unreadable files clearly', async () => {
    expect(() => tokenizerFromString('{"model": ')).toThrow(/tokenizer\.json is not valid JSON/);
    await expect(loadTokenizer('/nonexistent/tokenizer.json')).rejects.toThrow(
      /cannot read tokenizer file/,
    );
  });
});

describe('vocab.txt and vocab.json + merges.txt', () => {
  it('loads a BERT vocab.txt', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vocab-'));
    writeFileSync(join(dir, 'vocab.txt'), '[PAD]\n[UNK]\nplay\n##ing\n');
    const m = await loadWordPieceVocab(join(dir, 'vocab.txt'));
    expect(m.tokenize('playing').map((t) => t.id)).toEqual([2, 3]);
  });

  it('loads GPT-2 vocab.json + merges.txt for byte-level BPE', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bpe-'));
    writeFileSync(join(dir, 'vocab.json'), JSON.stringify({ Ġ: 0, h: 1, i: 2, Ġh: 3, Ġhi: 4 }));
    writeFileSync(join(dir, 'merges.txt'), '#version: 0.2\nĠ h\nĠh i\n');
    const tok = new Tokenizer(await loadBpeFiles(join(dir, 'vocab.json'), join(dir, 'merges.txt')));
    tok.preTokenizer = new ByteLevel();
    expect(tok.encode('hi hi').ids).toEqual([4, 4]);
    expect((tok.model as BPE).getMerges()).toEqual([
      ['Ġ', 'h'],
      ['Ġh', 'i'],
    ]);
    writeFileSync(join(dir, 'bad.txt'), 'a b c\n');
    await expect(loadBpeFiles(join(dir, 'vocab.json'), join(dir, 'bad.txt'))).rejects.toThrow(
      /merges\.txt line 1/,
    );
    expect(readFileSync(join(dir, 'merges.txt'), 'utf8')).toContain('Ġh i');
  });
});
