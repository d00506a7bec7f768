#!/usr/bin/env node
// Regenerates the Unigram parity fixtures from Hugging Face's native binding (see
// make-fixtures.mjs for the binding set-up; it lives OUTSIDE the workspace):
//   HF_TOKENIZERS=/tmp/hf/node_modules/tokenizers node packages/tokenizers/scripts/make-unigram-fixtures.mjs
// The SentencePiece-style tokenizer needs a real precompiled_charsmap: it is read back from
// fixtures/tok/hf-unigram-spm.json, or on the first run from $SPM_PRECOMPILED_JSON (the
// src/precompiled.json of github.com/huggingface/spm_precompiled, Apache-2.0).
//
// What it writes:
//   fixtures/tok/hf-unigram.json               HF's UnigramTrainer on fixtures/corpus.json, Metaspace
//   fixtures/tok/hf-unigram-bytefallback.json  the same vocab + <0x00>..<0xFF>, byte_fallback: true
//   fixtures/tok/hf-unigram-spm.json           trained on Precompiled-normalized text, T5-style pipeline
//   fixtures/expected/metaspace.json           HF's Metaspace pre-tokenizer/decoder, all options
//   fixtures/expected/unigram.json             HF's ids/tokens/offsets/decode on the hard strings, and
//                                              digests of [ids, offsets] and of decode on 3,000 seeded
//                                              random strings (scripts/random_strings.mjs)
//   fixtures/unigram-real.json                 digests only (no text) on the real sentences of
//                                              scripts/real_sentences.mjs, when ../shared is present
// ONLY_RANDOM=1 rewrites only the random-string digests of fixtures/expected/unigram.json,
// with the committed tokenizers of fixtures/tok (for a generator change): no retraining, since
// HF's trainer is not bit-reproducible (scores move in the last digit between runs).
// "<unk>" is put first with score 0 and unk_id 0: what HF's trainer does for unk_token "<unk>"
// (the binding cannot pass trainer options; its default vocab_size 8,000 is not reached here).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hardStrings } from './hard_strings.mjs';
import { imdbPath, loadImdbTexts } from './imdb.mjs';
import { randomStrings } from './random_strings.mjs';
import { loadRealSentences, unigramSummary } from './real_sentences.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'fixtures');
const require = createRequire(import.meta.url);
const hf = require(process.env.HF_TOKENIZERS ?? '/tmp/hf/node_modules/tokenizers');
const corpus = JSON.parse(readFileSync(join(out, 'corpus.json'), 'utf8')).lines;

/**
 * What this script reads of the native binding's Tokenizer and Encoding (it ships no types).
 * @typedef {{ getIds(): number[], getTokens(): string[], getOffsets(): Array<[number, number]> }} HfEncoding
 * @typedef {{ encode(s: string): Promise<HfEncoding>, decode(ids: number[], skipSpecial: boolean): Promise<string> }} HfTokenizer
 */

/**
 * @param {string} rel a path under fixtures/
 * @param {unknown} data
 */
const write = (rel, data) => {
  const p = join(out, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, `${JSON.stringify(data, null, 1)}\n`);
};
/** @param {unknown} x */
const digest = (x) => createHash('sha256').update(JSON.stringify(x)).digest('hex').slice(0, 10);

/**
 * Code point index -> UTF-16 index for `s`.
 * @param {string} s
 */
function cpToU16(s) {
  const map = [0];
  let u = 0;
  for (const ch of s) {
    u += ch.length;
    map.push(u);
  }
  return map;
}

function charsmap() {
  const mine = join(out, 'tok', 'hf-unigram-spm.json');
  if (existsSync(mine)) {
    return JSON.parse(readFileSync(mine, 'utf8')).normalizer.normalizers[0].precompiled_charsmap;
  }
  const p = process.env.SPM_PRECOMPILED_JSON;
  if (!p) throw new Error('set SPM_PRECOMPILED_JSON to spm_precompiled/src/precompiled.json');
  return JSON.parse(readFileSync(p, 'utf8')).precompiled_charsmap;
}

const META = { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'always', split: true };

/** @param {unknown} normalizer the binding's normalizer, or null */
function train(normalizer) {
  const dir = mkdtempSync(join(tmpdir(), 'tfnlp-unigram-'));
  const p = join(dir, 'corpus.txt');
  writeFileSync(p, corpus.map((/** @type {string} */ l) => `${l}\n`).join(''));
  const tok = new hf.Tokenizer(hf.Unigram.empty());
  if (normalizer) tok.setNormalizer(normalizer);
  tok.setPreTokenizer(hf.metaspacePreTokenizer());
  tok.train([p]);
  tok.save(join(dir, 'tok.json'));
  const json = JSON.parse(readFileSync(join(dir, 'tok.json'), 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  json.model.vocab.unshift(['<unk>', 0]);
  json.model.unk_id = 0;
  json.added_tokens = [
    {
      id: 0,
      content: '<unk>',
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    },
  ];
  json.pre_tokenizer = META;
  json.decoder = META;
  return json;
}

function tokenizers() {
  const plain = train(null);
  const bytes = structuredClone(plain);
  for (let b = 0; b < 256; b++) {
    bytes.model.vocab.push([`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`, 0]);
  }
  bytes.model.byte_fallback = true;
  const map = charsmap();
  const spm = train(hf.precompiled([...Buffer.from(map, 'base64')]));
  spm.normalizer = {
    type: 'Sequence',
    normalizers: [
      { type: 'Precompiled', precompiled_charsmap: map },
      { type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' },
    ],
  };
  return { 'hf-unigram': plain, 'hf-unigram-bytefallback': bytes, 'hf-unigram-spm': spm };
}

/**
 * @param {HfTokenizer} tok
 * @param {string} s
 */
async function encode(tok, s) {
  const e = await tok.encode(s);
  const m = cpToU16(s);
  const ids = e.getIds();
  return {
    ids,
    tokens: e.getTokens(),
    offsets: e.getOffsets().map(([a, b]) => [m[a], m[b]]),
    decoded: await tok.decode(ids, true),
  };
}

/**
 * HF's UnigramTrainer (defaults, Metaspace) on the first `n` IMDB train reviews: the digest
 * of the sorted pieces and, in that order, each score to 10 significant digits (numbers only,
 * no text). Chars that training dropped get hash-set-ordered penalties in HF: null there.
 * @param {number} n
 */
async function trainOnImdb(n) {
  const path = imdbPath();
  if (path === null) throw new Error('the IMDB archive is missing (../shared/data/imdb).');
  const texts = await loadImdbTexts(path, 'train', n);
  const dir = mkdtempSync(join(tmpdir(), 'tfnlp-unigram-'));
  writeFileSync(join(dir, 'imdb.txt'), texts.map((t) => `${t}\n`).join(''));
  const tok = new hf.Tokenizer(hf.Unigram.empty());
  tok.setPreTokenizer(hf.metaspacePreTokenizer());
  tok.train([join(dir, 'imdb.txt')]);
  tok.save(join(dir, 'tok.json'));
  const vocab = JSON.parse(readFileSync(join(dir, 'tok.json'), 'utf8')).model.vocab;
  rmSync(dir, { recursive: true, force: true });
  return { reviews: n, ...unigramSummary(vocab) };
}

/**
 * HF's digests of [ids, offsets] and of decode on every random string.
 * @param {any} tok an HF binding Tokenizer
 * @param {string[]} randoms
 */
async function randomDigests(tok, randoms) {
  const rows = [];
  for (const s of randoms) {
    const e = await encode(tok, s);
    rows.push(`${digest([e.ids, e.offsets])}:${digest(e.decoded)}`);
  }
  return rows;
}

if (process.env.ONLY_RANDOM) {
  const randoms = randomStrings();
  const expected = JSON.parse(readFileSync(join(out, 'expected', 'unigram.json'), 'utf8'));
  for (const name of Object.keys(expected)) {
    const tok = hf.Tokenizer.fromString(readFileSync(join(out, 'tok', `${name}.json`), 'utf8'));
    expected[name].random = await randomDigests(tok, randoms);
    console.log('random digests of', name);
  }
  write('expected/unigram.json', expected);
  process.exit(0);
}

const toks = tokenizers();
/** @type {Record<string, { hard: object[], random: string[] }>} */
const expected = {};
const real = await loadRealSentences();
/** @type {Record<string, Record<string, string[]>>} */
const realDigests = {};
const randoms = randomStrings();
for (const [name, json] of Object.entries(toks)) {
  write(`tok/${name}.json`, json);
  const tok = hf.Tokenizer.fromString(JSON.stringify(json));
  const hard = [];
  for (const s of hardStrings) hard.push(await encode(tok, s));
  expected[name] = { hard, random: await randomDigests(tok, randoms) };
  if (real) {
    /** @type {Record<string, string[]>} */
    const digests = {};
    realDigests[name] = digests;
    for (const [src, texts] of Object.entries(real)) {
      const rows = [];
      for (const s of texts) {
        const e = await encode(tok, s);
        rows.push(`${digest([e.ids, e.offsets])}:${digest(e.decoded)}`);
      }
      digests[src] = rows;
    }
  }
  console.log('wrote', name, json.model.vocab.length, 'pieces');
}
write('expected/unigram.json', expected);
// Metaspace pre-tokenizer and decoder, every prepend_scheme x split, on the well-formed hard
// strings (the binding turns lone surrogates into U+FFFD); decoder input: the string cut
// before each space or '▁'.
/** @type {Record<string, object[]>} */
const metaspace = {};
for (const scheme of ['always', 'first', 'never']) {
  for (const split of [true, false]) {
    const pre = hf.metaspacePreTokenizer('\u2581', scheme, split);
    const dec = hf.metaspaceDecoder('\u2581', scheme, split);
    metaspace[`${scheme}-${split}`] = hardStrings
      // String.prototype.isWellFormed: Node 20+, newer than the lib this project compiles against.
      .filter((s) => /** @type {string & { isWellFormed(): boolean }} */ (s).isWellFormed())
      .map((s) => {
        const m = cpToU16(s);
        return {
          pre: pre
            .preTokenizeString(s)
            .map((/** @type {[string, [number, number]]} */ [t, [a, b]]) => [t, [m[a], m[b]]]),
          decoded: dec.decode(s.split(/(?=[ \u2581])/)),
        };
      });
  }
}
write('expected/metaspace.json', metaspace);
if (real) {
  write('unigram-real.json', {
    sentences: Object.fromEntries(Object.entries(real).map(([k, v]) => [k, v.length])),
    digests: realDigests,
    trained: await trainOnImdb(300),
  });
} else console.warn('../shared/data not found: fixtures/unigram-real.json left as it is');
console.log('done');
