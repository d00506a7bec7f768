#!/usr/bin/env node
// Regenerates the committed parity fixtures in packages/tokenizers/fixtures from Hugging
// Face's native binding, so the tests need neither Python nor the binding.
//
// How to run (the binding is a platform binary, so it lives OUTSIDE the workspace):
//   mkdir -p /tmp/hf && cd /tmp/hf && npm init -y && npm i tokenizers@0.23.2
//   pnpm --filter @tfnlp/tokenizers build
//   HF_TOKENIZERS=/tmp/hf/node_modules/tokenizers node packages/tokenizers/scripts/make-fixtures.mjs
//
// What it writes:
//   fixtures/corpus.json            hand-written training lines (no dataset text)
//   fixtures/hard_strings.json      the hand-written hard strings
//   fixtures/tok/hf-*.json          tokenizers trained by HF's trainers on the corpus
//   fixtures/tok/ours-*.json        tokenizers trained by this package on the corpus
//   fixtures/expected/*.json        HF's encodings of the hard strings with each of them
//   fixtures/stages.json            HF's normalizer / pre-tokenizer outputs on the hard strings
//   fixtures/imdb.json              digests only (no text) of HF's output on 2,000 IMDB train
//                                   reviews, when ../shared/data/imdb is present
// Offsets from the binding are in code points; they are converted to UTF-16 here.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ours from '../dist/index.js';
import { byteCoverageLine, corpusLines, hardStrings } from './hard_strings.mjs';
import { imdbPath, loadImdbTexts } from './imdb.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'fixtures');
const require = createRequire(import.meta.url);
const hf = require(process.env.HF_TOKENIZERS ?? '/tmp/hf/node_modules/tokenizers');

/** @typedef {'wordlevel' | 'wordpiece' | 'bpe'} Kind */
/**
 * The parts of a tokenizer.json this script reads and edits (everything else passes through).
 * @typedef {{ model: { vocab: Record<string, number>, merges?: unknown, unk_token?: string }, added_tokens?: object[], post_processor?: object, decoder?: object }} TokenizerJson
 */
/**
 * What this script reads of the native binding's Encoding (the binding ships no types).
 * @typedef {object} HfEncoding
 * @property {() => number[]} getIds
 * @property {() => string[]} getTokens
 * @property {() => Array<[number, number]>} getOffsets
 * @property {() => Array<number | null | undefined>} getWordIds
 * @property {() => number[]} getTypeIds
 * @property {() => Array<number | null | undefined>} getSequenceIds
 * @property {() => number[]} getSpecialTokensMask
 * @property {() => number[]} getAttentionMask
 * @property {() => HfEncoding[]} getOverflowing
 */
/**
 * An encoding as the fixtures store it (offsets in UTF-16).
 * @typedef {{ ids: number[], tokens: string[], offsets: Array<Array<number | undefined>>, wordIds: Array<number | null>, typeIds: number[], specialTokensMask: number[], attentionMask: number[], overflowing: EncodingJson[] }} EncodingJson
 */
/** @typedef {{ setNormalizer(n: unknown): void, setPreTokenizer(p: unknown): void }} HfPipeline */
/** @typedef {import('../dist/index.js').Tokenizer} OursTokenizer */

/** @type {Record<Kind, string[]>} */
const SPECIALS = {
  wordlevel: ['[UNK]', '[PAD]'],
  wordpiece: ['[UNK]', '[CLS]', '[SEP]', '[PAD]', '[MASK]'],
  bpe: ['<|endoftext|>'],
};

/**
 * @param {string} rel a path under fixtures/
 * @param {unknown} data
 */
const write = (rel, data) => {
  const p = join(out, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, `${JSON.stringify(data, null, 1)}\n`);
};

/** Code point index -> UTF-16 index for `s` (as the binding saw it: lone surrogates = 1 char). */
/** @param {string} s */
function cpToU16(s) {
  const map = [0];
  let u = 0;
  for (const ch of s) {
    u += ch.length;
    map.push(u);
  }
  return map;
}

/** Adds the corpus lines to a temp file, one per line, each ending in '\n' (what HF trains on). */
/** @param {string[]} lines */
function corpusFile(lines) {
  const dir = mkdtempSync(join(tmpdir(), 'tfnlp-fixtures-'));
  const p = join(dir, 'corpus.txt');
  writeFileSync(p, lines.map((l) => `${l}\n`).join(''));
  return { p, dir };
}

/**
 * HF trainer output with `specials` put first, as HF's trainer `special_tokens` option does
 * (the binding cannot pass trainer options). Equivalent to training with those special tokens
 * and vocab_size 30,000 + specials.length (the binding's default vocab_size is 30,000).
 * @param {TokenizerJson} json
 * @param {string[]} specials
 */
function withSpecials(json, specials) {
  const model = json.model;
  // No prototype: IMDB has words like "constructor" and "__proto__".
  /** @type {Record<string, number>} */
  const shifted = Object.create(null);
  specials.forEach((t, i) => {
    shifted[t] = i;
  });
  const byId = Object.entries(model.vocab).sort((a, b) => a[1] - b[1]);
  for (const [t] of byId) if (!Object.hasOwn(shifted, t)) shifted[t] = Object.keys(shifted).length;
  model.vocab = shifted;
  json.added_tokens = specials.map((t, i) => ({
    id: i,
    content: t,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  }));
  return json;
}

/**
 * @param {Kind} kind
 * @param {TokenizerJson} json
 */
function configure(kind, json) {
  if (kind === 'wordlevel') {
    json.model.unk_token = '[UNK]';
  } else if (kind === 'wordpiece') {
    const cls = json.model.vocab['[CLS]'];
    const sep = json.model.vocab['[SEP]'];
    json.post_processor = {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [cls], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [sep], tokens: ['[SEP]'] },
      },
    };
    json.decoder = { type: 'WordPiece', prefix: '##', cleanup: true };
  } else {
    json.post_processor = {
      type: 'ByteLevel',
      add_prefix_space: true,
      trim_offsets: true,
      use_regex: true,
    };
    json.decoder = {
      type: 'ByteLevel',
      add_prefix_space: true,
      trim_offsets: true,
      use_regex: true,
    };
  }
  return json;
}

/**
 * Pipelines (minus the model) for each kind, in our API and in HF's.
 * @type {Record<Kind, { ours: (tok: OursTokenizer) => void, hf: (tok: HfPipeline) => void, model: () => unknown, trainer: () => Parameters<OursTokenizer['train']>[1] }>}
 */
const PIPES = {
  wordlevel: {
    ours: (tok) => {
      tok.normalizer = new ours.NormalizerSequence([ours.NFKC(), new ours.Lowercase()]);
      tok.preTokenizer = new ours.Whitespace();
    },
    hf: (tok) => {
      tok.setNormalizer(hf.sequenceNormalizer([hf.nfkcNormalizer(), hf.lowercase()]));
      tok.setPreTokenizer(hf.whitespacePreTokenizer());
    },
    model: () => hf.WordLevel.empty(),
    trainer: () => new ours.WordLevelTrainer({ specialTokens: SPECIALS.wordlevel }),
  },
  wordpiece: {
    ours: (tok) => {
      tok.normalizer = new ours.BertNormalizer();
      tok.preTokenizer = new ours.BertPreTokenizer();
    },
    hf: (tok) => {
      tok.setNormalizer(hf.bertNormalizer());
      tok.setPreTokenizer(hf.bertPreTokenizer());
    },
    model: () => hf.WordPiece.empty(),
    trainer: () => new ours.WordPieceTrainer({ specialTokens: SPECIALS.wordpiece }),
  },
  bpe: {
    ours: (tok) => {
      tok.preTokenizer = new ours.ByteLevel();
    },
    hf: (tok) => {
      tok.setPreTokenizer(hf.byteLevelPreTokenizer());
    },
    model: () => hf.BPE.empty(),
    trainer: () => new ours.BpeTrainer({ specialTokens: SPECIALS.bpe }),
  },
};

/**
 * @param {Kind} kind
 * @param {string[]} lines
 * @returns {TokenizerJson}
 */
function hfTrain(kind, lines) {
  const { p, dir } = corpusFile(lines);
  const tok = new hf.Tokenizer(PIPES[kind].model());
  PIPES[kind].hf(tok);
  tok.train([p]);
  const saved = join(dir, 'tok.json');
  tok.save(saved);
  const json = JSON.parse(require('node:fs').readFileSync(saved, 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  return configure(kind, withSpecials(json, SPECIALS[kind]));
}

/**
 * @param {Kind} kind
 * @param {string[]} lines
 */
function oursTrain(kind, lines) {
  const tok = new ours.Tokenizer(new ours.WordLevel({}));
  PIPES[kind].ours(tok);
  // The same lines HF's file reader yields: split at every '\n', which stays at the end.
  const fileLines = lines
    .map((l) => `${l}\n`)
    .join('')
    .split(/(?<=\n)/);
  tok.train(fileLines, PIPES[kind].trainer());
  return configure(kind, /** @type {TokenizerJson} */ (ours.tokenizerToJson(tok)));
}

/**
 * @param {HfEncoding} e
 * @param {string[]} texts the sequence(s) encoded
 * @returns {EncodingJson}
 */
function encodingJson(e, texts) {
  const maps = texts.map(cpToU16);
  const seq = e.getSequenceIds();
  const types = e.getTypeIds();
  return {
    ids: e.getIds(),
    tokens: e.getTokens(),
    offsets: e.getOffsets().map(([a, b], i) => {
      // Overflowing parts of a pair lose their sequence ids in HF; the type id tells.
      const m = maps[seq[i] ?? Math.min(types[i] ?? 0, maps.length - 1)] ?? [];
      return [m[a], m[b]];
    }),
    wordIds: e.getWordIds().map((w) => w ?? null),
    typeIds: e.getTypeIds(),
    specialTokensMask: e.getSpecialTokensMask(),
    attentionMask: e.getAttentionMask(),
    overflowing: e.getOverflowing().map((o) => encodingJson(o, texts)),
  };
}

/** @param {TokenizerJson} json */
async function expectedFor(json) {
  const tok = hf.Tokenizer.fromString(JSON.stringify(json));
  const single = [];
  for (const s of hardStrings) single.push(encodingJson(await tok.encode(s), [s]));
  const noSpecial = [];
  for (const s of hardStrings.slice(0, 60)) {
    noSpecial.push(encodingJson(await tok.encode(s, null, { addSpecialTokens: false }), [s]));
  }
  const pairs = [];
  for (let i = 0; i + 1 < hardStrings.length; i += 7) {
    const a = /** @type {string} */ (hardStrings[i]);
    const b = /** @type {string} */ (hardStrings[i + 1]);
    pairs.push({ a, b, encoding: encodingJson(await tok.encode(a, b), [a, b]) });
  }
  const decoded = [];
  for (const e of single) decoded.push(await tok.decode(e.ids, true));
  // Truncation with stride (overflowing parts) and padding.
  tok.setTruncation(12, { stride: 3 });
  const truncated = [];
  for (const s of hardStrings.filter((x) => x.length > 40))
    truncated.push(encodingJson(await tok.encode(s), [s]));
  const truncatedPairs = [];
  for (let i = 100; i + 1 < hardStrings.length; i += 13) {
    const a = /** @type {string} */ (hardStrings[i]);
    const b = /** @type {string} */ (hardStrings[i + 1]);
    truncatedPairs.push({ a, b, encoding: encodingJson(await tok.encode(a, b), [a, b]) });
  }
  tok.setTruncation(10, { stride: 2, direction: 'left' });
  const truncatedLeft = [];
  for (const s of hardStrings.filter((x) => x.length > 40).slice(0, 20)) {
    truncatedLeft.push(encodingJson(await tok.encode(s), [s]));
  }
  tok.disableTruncation();
  const padId = json.model.vocab['[PAD]'] ?? 0;
  tok.setPadding({ maxLength: 24, padId, padToken: '[PAD]', direction: 'left' });
  const padded = [];
  for (const s of hardStrings.slice(0, 40)) padded.push(encodingJson(await tok.encode(s), [s]));
  return { single, noSpecial, pairs, decoded, truncated, truncatedPairs, truncatedLeft, padded };
}

function stageFixtures() {
  const norms = {
    bert: hf.bertNormalizer(),
    bertNoLower: hf.bertNormalizer({ lowercase: false }),
    nfd: hf.nfdNormalizer(),
    nfkc: hf.nfkcNormalizer(),
    nfc: hf.nfcNormalizer(),
    lowercase: hf.lowercase(),
    nfdStripAccents: hf.sequenceNormalizer([hf.nfdNormalizer(), hf.stripAccentsNormalizer()]),
    strip: hf.stripNormalizer(),
  };
  /** @type {Record<string, string[]>} */
  const normalizers = {};
  for (const [k, n] of Object.entries(norms))
    normalizers[k] = hardStrings.map((s) => n.normalizeString(s));
  const pres = {
    whitespace: hf.whitespacePreTokenizer(),
    whitespaceSplit: hf.whitespaceSplitPreTokenizer(),
    punctuation: hf.punctuationPreTokenizer(),
    digits: hf.digitsPreTokenizer(false),
    digitsIndividual: hf.digitsPreTokenizer(true),
    bert: hf.bertPreTokenizer(),
    byteLevel: hf.byteLevelPreTokenizer(),
    byteLevelNoPrefix: hf.byteLevelPreTokenizer(false),
    metaspace: hf.metaspacePreTokenizer(),
  };
  /** @type {Record<string, unknown[]>} */
  const preTokenizers = {};
  for (const [k, p] of Object.entries(pres)) {
    preTokenizers[k] = hardStrings.map((s) => {
      const m = cpToU16(s);
      return p
        .preTokenizeString(s)
        .map((/** @type {[string, [number, number]]} */ [t, [a, b]]) => [t, [m[a], m[b]]]);
    });
  }
  return { normalizers, preTokenizers };
}

/** @param {unknown} x */
const digest = (x) => createHash('sha256').update(JSON.stringify(x)).digest('hex').slice(0, 16);

/** @param {Record<string, TokenizerJson>} tokJsons */
async function imdbFixtures(tokJsons) {
  const path = imdbPath();
  if (!path) {
    console.warn('IMDB archive not found; fixtures/imdb.json not regenerated');
    return;
  }
  const texts = await loadImdbTexts(path, 'train', 2000);
  /** @type {Record<string, string[]>} */
  const encodings = {};
  for (const [name, json] of Object.entries(tokJsons)) {
    const tok = hf.Tokenizer.fromString(JSON.stringify(json));
    const rows = [];
    for (const t of texts) {
      const e = encodingJson(await tok.encode(t), [t]);
      rows.push(digest([e.ids, e.offsets]));
    }
    encodings[name] = rows;
  }
  // Trainers on the same 2,000 reviews: digests of the BPE / WordLevel results, and
  // hashed WordPiece tokens (HF's WordPiece ids vary from run to run; see README).
  /** @type {Record<string, object>} */
  const trained = {};
  for (const kind of /** @type {Kind[]} */ (['wordlevel', 'bpe', 'wordpiece'])) {
    const json = hfTrain(kind, texts);
    const vocab = Object.entries(json.model.vocab).sort((a, b) => a[1] - b[1]);
    trained[kind] = {
      vocabSize: vocab.length,
      vocabDigest: digest(vocab),
      mergesDigest: json.model.merges ? digest(json.model.merges) : null,
      tokenHashes: kind === 'wordpiece' ? vocab.map(([t]) => digest(t).slice(0, 10)) : undefined,
    };
  }
  write('imdb.json', { reviews: texts.length, encodings, trained });
}

const lines = [...corpusLines, byteCoverageLine()];
write('corpus.json', { lines });
write('hard_strings.json', { strings: hardStrings });
write('stages.json', stageFixtures());
/** @type {Record<string, TokenizerJson>} */
const all = {};
for (const kind of /** @type {Kind[]} */ (['wordlevel', 'wordpiece', 'bpe'])) {
  for (const [who, json] of /** @type {Array<[string, TokenizerJson]>} */ ([
    ['hf', hfTrain(kind, lines)],
    ['ours', oursTrain(kind, lines)],
  ])) {
    const name = `${who}-${kind}`;
    all[name] = json;
    write(`tok/${name}.json`, json);
    write(`expected/${name}.json`, await expectedFor(json));
    console.log('wrote', name);
  }
}
if (process.env.SKIP_IMDB) console.warn('SKIP_IMDB set: fixtures/imdb.json left as it is');
else await imdbFixtures(all);
console.log('done');
