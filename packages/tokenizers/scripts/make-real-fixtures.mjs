#!/usr/bin/env node
// Regenerates fixtures/real/*.json: HF's native binding's output on the published
// tokenizer.json files of scripts/real_files.mjs, for the parity tests in
// src/parity/real_files.test.ts.
//
// How to run (the binding is a platform binary, so it lives OUTSIDE the workspace):
//   mkdir -p /tmp/hf-real && cd /tmp/hf-real && npm init -y && npm i tokenizers@0.23.2
//   HF_TOKENIZERS=/tmp/hf-real/node_modules/tokenizers node packages/tokenizers/scripts/make-real-fixtures.mjs
//
// What it writes, per file <name>:
//   fixtures/real/<name>.json  hard strings: full ids, tokens, offsets (UTF-16) and decode;
//                              random strings (scripts/random_strings.mjs, seeded) and real
//                              sentences (rt_dev.tsv + IMDB train sentences, when ../shared
//                              is present): per-string digests only ("ids:offsets:decode",
//                              6 hex chars each), never dataset text.
//   fixtures/real/split.json        every Split behavior x invert on a few patterns
//   fixtures/real/added_flags.json  added-token flags (flagsTokenizerJson) on test strings
// ONLY_SPLIT=1 writes the last two only; ONLY_RANDOM=1 rewrites only the random-string part
// of each fixtures/real/<name>.json (for a generator change; hard strings and sentences kept).
// Offsets from the binding are in code points; they are converted to UTF-16 here.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hardStrings } from './hard_strings.mjs';
import { imdbPath, loadImdbTexts } from './imdb.mjs';
import { randomStrings } from './random_strings.mjs';
import { flagsTokenizerJson, imdbSentences, REAL_FILES, shortReviewsPath } from './real_files.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'fixtures', 'real');
/**
 * What this script uses of HF's native binding (it ships no types).
 * @typedef {{ getIds(): number[], getTokens(): string[], getOffsets(): Array<[number, number]> }} HfEncoding
 * @typedef {object} HfTokenizer
 * @property {(s: string) => Promise<HfEncoding>} encode
 * @property {(ids: number[], skipSpecial: boolean) => Promise<string>} decode
 * @property {(path: string) => void} save
 * @typedef {{ Tokenizer: { fromString(json: string): HfTokenizer, fromFile(path: string): HfTokenizer } }} HfBinding
 */
/** @typedef {{ ids: number[], tokens: string[], offsets: Array<[number, number]>, decoded: string }} HfRow */

const require = createRequire(import.meta.url);
/** @type {HfBinding} */
const hf = require(process.env.HF_TOKENIZERS ?? '/tmp/hf-real/node_modules/tokenizers');

export const RANDOM_COUNT = 3000;
export const RT_COUNT = 5000;
export const IMDB_SENTENCES = 3000;

/**
 * @param {unknown} x
 * @param {number} [n] hex chars kept
 */
const digest = (x, n = 6) =>
  createHash('sha256').update(JSON.stringify(x)).digest('hex').slice(0, n);

/**
 * Code point index -> UTF-16 index for `s` (lone surrogates count as one, as U+FFFD).
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

/**
 * HF's ids, tokens, UTF-16 offsets and decode of `s`.
 * @param {HfTokenizer} tok
 * @param {string} s
 * @returns {Promise<HfRow>}
 */
async function encodeHf(tok, s) {
  const e = await tok.encode(s);
  const m = cpToU16(s);
  const ids = e.getIds();
  return {
    ids,
    tokens: e.getTokens(),
    offsets: e.getOffsets().map(([a, b]) => u16Span(m, a, b)),
    decoded: await tok.decode(ids, true),
  };
}

/** @param {HfRow} e */
const rowDigest = (e) => `${digest(e.ids)}:${digest(e.offsets)}:${digest(e.decoded)}`;

/**
 * A code-point span [a, b) of the binding as UTF-16 indices through `m` (from cpToU16).
 * @param {number[]} m
 * @param {number} a
 * @param {number} b
 * @returns {[number, number]}
 */
function u16Span(m, a, b) {
  const u = m[a];
  const v = m[b];
  if (u === undefined || v === undefined)
    throw new Error(`offset [${a}, ${b}) is past the text's ${m.length - 1} code points`);
  return [u, v];
}

function sentences() {
  const rt = shortReviewsPath();
  if (!existsSync(rt)) return null;
  const lines = readFileSync(rt, 'utf8')
    .split('\n')
    .filter((l) => l.includes('\t'))
    .map((l) => l.slice(l.indexOf('\t') + 1));
  return lines.slice(0, RT_COUNT);
}

/** Every Split behavior x invert on a few patterns, as HF's pieces (UTF-16 offsets). */
async function splitFixtures() {
  const patterns = [
    { Regex: '\\p{N}{1,3}| ?\\p{L}+|\\s+' },
    { Regex: '\\s+' },
    { String: '-' },
    { Regex: "(?i:'s|'t)|\\p{L}+" },
  ];
  const texts = ['1999 and 12345', 'a-b--c-', '--x', "It'S 't ok\n\n  z", '', ' lead', '😀-😀 42'];
  const behaviors = ['Removed', 'Isolated', 'MergedWithPrevious', 'MergedWithNext', 'Contiguous'];
  const cases = [];
  for (const pattern of patterns) {
    for (const behavior of behaviors) {
      for (const invert of [false, true]) {
        const json = {
          version: '1.0',
          added_tokens: [],
          normalizer: null,
          pre_tokenizer: { type: 'Split', pattern, behavior, invert },
          post_processor: null,
          decoder: null,
          model: { type: 'WordLevel', vocab: { '[UNK]': 0 }, unk_token: '[UNK]' },
          truncation: null,
          padding: null,
        };
        const tok = hf.Tokenizer.fromString(JSON.stringify(json));
        for (const text of texts) {
          const m = cpToU16(text);
          const e = await tok.encode(text);
          cases.push({
            pattern,
            behavior,
            invert,
            text,
            pieces: e.getOffsets().map(([a, b]) => u16Span(m, a, b)),
          });
        }
      }
    }
  }
  writeFileSync(join(out, 'split.json'), `${JSON.stringify({ cases }, null, 0)}\n`);
}

async function flagsFixtures() {
  const tok = hf.Tokenizer.fromString(JSON.stringify(flagsTokenizerJson()));
  const texts = [
    'a <mask> b',
    'a   <mask>',
    '<mask>x',
    '[X]   y [X]',
    'HELLO world, Hello! xhello hello_ hello',
    'World Wor WORd',
    'ab cab abc ab. (ab)',
    'x  <both>  y<both>z',
    'ÉTÉ été ete',
    ' <mask>  <mask> [X][X] hello<mask>hello',
    '',
    ...hardStrings,
  ];
  const cases = [];
  for (const text of texts) cases.push({ text, ...(await encodeHf(tok, text)) });
  writeFileSync(join(out, 'added_flags.json'), `${JSON.stringify({ cases })}\n`);
}

const random = randomStrings(RANDOM_COUNT);

/**
 * HF's digests on the random strings, with the count and the strings' own digest.
 * @param {HfTokenizer} tok
 */
async function randomPart(tok) {
  const rows = [];
  for (const s of random) rows.push(rowDigest(await encodeHf(tok, s)));
  return { count: RANDOM_COUNT, stringsDigest: digest(random, 16), rows };
}

if (process.env.ONLY_RANDOM) {
  for (const [name, f] of Object.entries(REAL_FILES)) {
    const path = join(out, `${name}.json`);
    const data = JSON.parse(readFileSync(path, 'utf8'));
    data.random = await randomPart(hf.Tokenizer.fromString(f.text()));
    writeFileSync(path, `${JSON.stringify(data)}\n`);
    console.log('wrote random part of', name);
  }
  process.exit(0);
}

mkdirSync(out, { recursive: true });
await splitFixtures();
await flagsFixtures();
if (process.env.ONLY_SPLIT) process.exit(0);

const rt = sentences();
const imdb = imdbPath();
const imdbSents = imdb
  ? imdbSentences(await loadImdbTexts(imdb, 'train', 400), IMDB_SENTENCES)
  : null;
if (!rt || !imdb)
  console.warn('dataset sentences not found: the real-sentence digests are left out');

for (const [name, f] of Object.entries(REAL_FILES)) {
  const text = f.text();
  const tok = hf.Tokenizer.fromString(text);
  // The file must survive HF's own round trip (catches a malformed hand-built file).
  const saved = join(tmpdir(), `tfnlp-real-${process.pid}.json`);
  tok.save(saved);
  hf.Tokenizer.fromFile(saved);
  rmSync(saved);
  const hard = [];
  for (const s of hardStrings) hard.push({ text: s, ...(await encodeHf(tok, s)) });
  /** @type {Record<string, unknown>} */
  const data = {
    package: f.package,
    hf: 'tokenizers@0.23.2 (native binding)',
    node: process.version,
    unicode: process.versions.unicode,
    hard,
    random: await randomPart(tok),
  };
  if (rt && imdbSents) {
    /** @param {string[]} list */
    const rows = async (list) => {
      const r = [];
      for (const s of list) r.push(rowDigest(await encodeHf(tok, s)));
      return r;
    };
    data.sentences = {
      rt: { count: rt.length, textDigest: digest(rt, 16), rows: await rows(rt) },
      imdb: {
        count: imdbSents.length,
        textDigest: digest(imdbSents, 16),
        rows: await rows(imdbSents),
      },
    };
  }
  writeFileSync(join(out, `${name}.json`), `${JSON.stringify(data)}\n`);
  console.log('wrote', name);
}
