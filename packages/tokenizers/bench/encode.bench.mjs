#!/usr/bin/env node
// Benchmark on the 25,000 IMDB train reviews (../shared/data/imdb/aclImdb_v1.tar.gz):
//   1. training time of a 30k WordPiece vocabulary (and a 30k byte-level BPE), ours vs HF's
//      native trainer on the same reviews;
//   2. encode throughput (MB of UTF-8 per second, one call per review, one process) of this
//      package vs HF's native binding (`tokenizers`) and `@huggingface/tokenizers`, all on
//      the same tokenizer.json.
// Run: pnpm --filter @tfnlp/tokenizers bench   (builds first through turbo: `pnpm bench`)
// Peers are optional and never project dependencies (the native one is a platform binary):
//   mkdir -p /tmp/hf && cd /tmp/hf && npm init -y && npm i tokenizers@0.23.2 @huggingface/tokenizers
// Set HF_NODE_MODULES to use another folder; a peer that is missing is skipped with a note.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as ours from '../dist/index.js';
import { imdbPath, loadImdbTexts } from '../scripts/imdb.mjs';

const peers = process.env.HF_NODE_MODULES ?? '/tmp/hf/node_modules';
const require = createRequire(import.meta.url);

function loadNative() {
  try {
    return require(join(peers, 'tokenizers'));
  } catch (e) {
    console.log(`(HF native binding not found in ${peers}: ${String(e).split('\n')[0]}; skipped)`);
    return null;
  }
}

async function loadJs() {
  try {
    return await import(
      pathToFileURL(join(peers, '@huggingface/tokenizers/dist/tokenizers.mjs')).href
    );
  } catch (e) {
    console.log(
      `(@huggingface/tokenizers not found in ${peers}: ${String(e).split('\n')[0]}; skipped)`,
    );
    return null;
  }
}

const path = imdbPath();
if (!path) {
  console.log(
    'bench skipped: ../shared/data/imdb/aclImdb_v1.tar.gz not found (set TFNLP_DATA_DIR)',
  );
  process.exit(0);
}

/**
 * Seconds `f` takes, and its result.
 * @template T
 * @param {() => T | Promise<T>} f
 * @returns {Promise<[number, T]>}
 */
const time = async (f) => {
  const t0 = performance.now();
  const r = await f();
  return [(performance.now() - t0) / 1000, r];
};

/** Encoding passes per contender (the median is reported); training runs once. */
const REPS = Number(process.env.BENCH_REPS ?? 3);

const texts = await loadImdbTexts(path, 'train', 25_000);
const enc = new TextEncoder();
const mb = texts.reduce((a, t) => a + enc.encode(t).length, 0) / 1e6;
console.log(
  `IMDB train: ${texts.length} reviews, ${mb.toFixed(1)} MB UTF-8; node ${process.version}`,
);
const hf = loadNative();
const js = await loadJs();
const rows = [];

// ---- Training ---------------------------------------------------------------------------
const SPECIALS = ['[UNK]', '[CLS]', '[SEP]', '[PAD]', '[MASK]'];
function wordPieceTokenizer() {
  const tok = new ours.Tokenizer(new ours.WordLevel({}));
  tok.normalizer = new ours.BertNormalizer();
  tok.preTokenizer = new ours.BertPreTokenizer();
  return tok;
}
const wp = wordPieceTokenizer();
const [wpSecs] = await time(() =>
  wp.train(texts, new ours.WordPieceTrainer({ vocabSize: 30_000, specialTokens: SPECIALS })),
);
wp.postProcessor = new ours.TemplateProcessing({
  single: '[CLS] $A [SEP]',
  pair: '[CLS] $A [SEP] $B:1 [SEP]:1',
  specialTokens: [
    ['[CLS]', /** @type {number} */ (wp.tokenToId('[CLS]'))],
    ['[SEP]', /** @type {number} */ (wp.tokenToId('[SEP]'))],
  ],
});
wp.decoder = new ours.WordPieceDecoder();
rows.push(['train WordPiece 30k (ours)', `${wpSecs.toFixed(1)} s`, `vocab ${wp.getVocabSize()}`]);

const bpe = new ours.Tokenizer(new ours.WordLevel({}));
bpe.preTokenizer = new ours.ByteLevel();
const [bpeSecs] = await time(() =>
  bpe.train(
    texts,
    new ours.BpeTrainer({
      vocabSize: 30_000,
      specialTokens: ['<|endoftext|>'],
      initialAlphabet: ours.byteLevelAlphabet(),
    }),
  ),
);
bpe.postProcessor = new ours.ByteLevelProcessing();
bpe.decoder = new ours.ByteLevelDecoder();
rows.push([
  'train byte-level BPE 30k (ours)',
  `${bpeSecs.toFixed(1)} s`,
  `vocab ${bpe.getVocabSize()}`,
]);

const dir = mkdtempSync(join(tmpdir(), 'tfnlp-bench-'));
if (hf) {
  const file = join(dir, 'imdb-train.txt');
  writeFileSync(file, texts.map((t) => `${t}\n`).join(''));
  const t = new hf.Tokenizer(hf.WordPiece.empty());
  t.setNormalizer(hf.bertNormalizer());
  t.setPreTokenizer(hf.bertPreTokenizer());
  // The binding's default WordPiece trainer: vocab_size 30,000, multi-threaded (all cores).
  const [s] = await time(() => t.train([file]));
  rows.push(['train WordPiece 30k (HF native)', `${s.toFixed(1)} s`, `vocab ${t.getVocabSize()}`]);
}

// ---- Encoding ---------------------------------------------------------------------------
/**
 * @param {string} label
 * @param {ours.Tokenizer} tok
 */
async function encodeRows(label, tok) {
  const json = ours.tokenizerToJson(tok);
  const text = JSON.stringify(json);
  // Every contender encodes every review once per pass; passes are interleaved
  // (ours, native, native batch, js, ours, ...) so load changes on a shared machine hit all alike.
  /** @type {Array<[string, () => void | Promise<void>]>} */
  const runners = [
    [
      'ours',
      () => {
        for (const t of texts) tok.encode(t);
      },
    ],
  ];
  for (const t of texts.slice(0, 500)) tok.encode(t); // warm-up
  if (hf) {
    const t = hf.Tokenizer.fromString(text);
    for (let i = 0; i < 200; i++) await t.encode(texts[i]);
    runners.push([
      'HF native, one call per review',
      async () => {
        for (const x of texts) await t.encode(x);
      },
    ]);
    runners.push([
      'HF native, encodeBatch, all cores',
      async () => {
        for (let i = 0; i < texts.length; i += 1000) await t.encodeBatch(texts.slice(i, i + 1000));
      },
    ]);
  }
  if (js) {
    try {
      const t = new js.Tokenizer(json, {});
      for (let i = 0; i < 200; i++) t.encode(texts[i]);
      runners.push([
        '@huggingface/tokenizers',
        () => {
          for (const x of texts) t.encode(x);
        },
      ]);
    } catch (e) {
      rows.push([`encode ${label} (@huggingface/tokenizers)`, 'failed', String(e).split('\n')[0]]);
    }
  }
  const secs = runners.map(() => /** @type {number[]} */ ([]));
  for (let r = 0; r < REPS; r++) {
    for (const [k, [, f]] of runners.entries()) secs[k]?.push((await time(f))[0]);
  }
  const med = secs.map(
    (xs) => /** @type {number} */ (xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]),
  );
  const base = mb / /** @type {number} */ (med[0]);
  runners.forEach(([name], k) => {
    const rate = mb / /** @type {number} */ (med[k]);
    rows.push([
      `encode ${label} (${name})`,
      `${rate.toFixed(2)} MB/s`,
      k === 0 ? '1.00x' : `ours ${(base / rate).toFixed(2)}x`,
    ]);
  });
}
await encodeRows('WordPiece', wp);
await encodeRows('byte-level BPE', bpe);
rmSync(dir, { recursive: true, force: true });

console.log(`\nencode: median of ${REPS} passes over all reviews; training: one run.`);
console.log('\n| what | result | note |\n| --- | --- | --- |');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
