#!/usr/bin/env node
// Benchmark on the 25,000 IMDB train reviews (../shared/data/imdb/aclImdb_v1.tar.gz):
//   1. training time of a 30k WordPiece vocabulary (and a 30k byte-level BPE), ours vs HF's
//      native trainer on the same reviews;
//   2. encode throughput (MB of UTF-8 per second, one call per review, one process) of this
//      package vs HF's native binding (`tokenizers`) and `@huggingface/tokenizers`, all on
//      the same tokenizer.json.
//   3. per published tokenizer.json (scripts/real_files.mjs: bert-base-uncased, llama-3,
//      llama-2, gemma-3): load time and peak RSS (child processes) and encode throughput on
//      the 5,000 short sentences of ../shared/data/short_reviews/rt_dev.tsv, same contenders.
// Run: pnpm --filter @tfnlp/tokenizers bench   (builds first through turbo: `pnpm bench`)
// BENCH_ONLY=real runs part 3 only.
// Peers are optional and never project dependencies (the native one is a platform binary):
//   mkdir -p /tmp/hf && cd /tmp/hf && npm init -y && npm i tokenizers@0.23.2 @huggingface/tokenizers
// Set HF_NODE_MODULES to use another folder; a peer that is missing is skipped with a note.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as ours from '../dist/index.js';
import { imdbPath, loadImdbTexts } from '../scripts/imdb.mjs';
import { REAL_FILES, shortReviewsPath } from '../scripts/real_files.mjs';

const peers = process.env.HF_NODE_MODULES ?? '/tmp/hf/node_modules';
const require = createRequire(import.meta.url);

/**
 * What this bench uses of HF's native binding (it ships no types).
 * @typedef {object} HfTokenizer
 * @property {(s: string) => Promise<unknown>} encode
 * @property {(xs: string[]) => Promise<unknown[]>} encodeBatch
 * @property {(n: unknown) => void} setNormalizer
 * @property {(p: unknown) => void} setPreTokenizer
 * @property {(files: string[]) => unknown} train
 * @property {() => number} getVocabSize
 * @typedef {object} HfBinding
 * @property {{ new (model: unknown): HfTokenizer, fromString(json: string): HfTokenizer }} Tokenizer
 * @property {{ empty(): unknown }} WordPiece
 * @property {() => unknown} bertNormalizer
 * @property {() => unknown} bertPreTokenizer
 */
/** @typedef {import('../dist/index.js').Tokenizer} OursTokenizer */
/** @typedef {Array<[string, () => unknown]>} Runners contender name, one pass over the texts */

/**
 * First line of a thrown value's message.
 * @param {unknown} e
 */
const firstLine = (e) => String(e instanceof Error ? e.message : e).split('\n')[0] ?? '';

/** @returns {HfBinding | null} */
function loadNative() {
  try {
    return require(join(peers, 'tokenizers'));
  } catch (e) {
    console.log(`(HF native binding not found in ${peers}: ${firstLine(e)}; skipped)`);
    return null;
  }
}

async function loadJs() {
  try {
    return await import('@huggingface/tokenizers'); // devDependency
  } catch {}
  try {
    return await import(
      pathToFileURL(join(peers, '@huggingface/tokenizers/dist/tokenizers.mjs')).href
    );
  } catch (e) {
    console.log(`(@huggingface/tokenizers not found in ${peers}: ${firstLine(e)}; skipped)`);
    return null;
  }
}

const onlyReal = process.env.BENCH_ONLY === 'real';
const path = imdbPath();
if (!path && !onlyReal) {
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

/**
 * Median of `xs` (sorts it in place); NaN for no passes.
 * @param {number[]} xs
 */
const median = (xs) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? Number.NaN;

/**
 * Runs every contender `REPS` times, interleaved (a, b, c, a, b, c, ...) so that load
 * changes on a shared machine hit all alike; the median seconds per contender, in order.
 * @param {Runners} runners
 */
async function medianSecs(runners) {
  const timed = runners.map(([, run]) => ({ run, secs: /** @type {number[]} */ ([]) }));
  for (let r = 0; r < REPS; r++) {
    for (const t of timed) t.secs.push((await time(t.run))[0]);
  }
  return timed.map((t) => median(t.secs));
}

/**
 * Id of a token that the trained vocabulary must hold.
 * @param {OursTokenizer} tok
 * @param {string} token
 */
function idOf(tok, token) {
  const id = tok.tokenToId(token);
  if (id === undefined) throw new Error(`${token} is missing from the trained vocabulary`);
  return id;
}

// (`path` is set here unless onlyReal: the bench exits above otherwise.)
const texts = onlyReal || !path ? [] : await loadImdbTexts(path, 'train', 25_000);
const enc = new TextEncoder();
const mb = texts.reduce((a, t) => a + enc.encode(t).length, 0) / 1e6;
console.log(
  `IMDB train: ${texts.length} reviews, ${mb.toFixed(1)} MB UTF-8; node ${process.version}`,
);
const hf = loadNative();
const js = await loadJs();
/** @type {string[][]} */
const rows = [];

if (!onlyReal) await imdbBench();
await realFilesBench();

async function imdbBench() {
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
      ['[CLS]', idOf(wp, '[CLS]')],
      ['[SEP]', idOf(wp, '[SEP]')],
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
    rows.push([
      'train WordPiece 30k (HF native)',
      `${s.toFixed(1)} s`,
      `vocab ${t.getVocabSize()}`,
    ]);
  }

  // ---- Encoding ---------------------------------------------------------------------------
  /**
   * @param {string} label
   * @param {OursTokenizer} tok
   */
  async function encodeRows(label, tok) {
    const json = ours.tokenizerToJson(tok);
    const text = JSON.stringify(json);
    // Every contender encodes every review once per pass; passes are interleaved
    // (ours, native, native batch, js, ours, ...) so load changes on a shared machine hit all alike.
    /** @type {Runners} */
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
      for (const x of texts.slice(0, 200)) await t.encode(x);
      runners.push([
        'HF native, one call per review',
        async () => {
          for (const x of texts) await t.encode(x);
        },
      ]);
      runners.push([
        'HF native, encodeBatch, all cores',
        async () => {
          for (let i = 0; i < texts.length; i += 1000)
            await t.encodeBatch(texts.slice(i, i + 1000));
        },
      ]);
    }
    if (js) {
      try {
        const t = new js.Tokenizer(json, {});
        for (const x of texts.slice(0, 200)) t.encode(x);
        runners.push([
          '@huggingface/tokenizers',
          () => {
            for (const x of texts) t.encode(x);
          },
        ]);
      } catch (e) {
        rows.push([`encode ${label} (@huggingface/tokenizers)`, 'failed', firstLine(e)]);
      }
    }
    const med = await medianSecs(runners);
    const base = mb / (med[0] ?? Number.NaN); // runners[0] is ours
    runners.forEach(([name], k) => {
      const rate = mb / (med[k] ?? Number.NaN);
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
}

// ---- Published tokenizer.json files ---------------------------------------------------------
/**
 * Load time (s) and peak RSS (MB) of loading `file` in a fresh process, for one contender.
 * Peak RSS is VmHWM (Linux): getrusage's maxrss survives exec and would report the parent's.
 */
/**
 * @param {'ours' | 'native'} who
 * @param {string} file
 * @returns {[number, number] | null}
 */
function loadInChild(who, file) {
  const dist = pathToFileURL(join(import.meta.dirname, '..', 'dist', 'index.js')).href;
  const code = {
    ours: `const m = await import(${JSON.stringify(dist)}); const fs = await import('node:fs');
      const t = performance.now(); m.tokenizerFromString(fs.readFileSync(process.argv[1], 'utf8'));`,
    native: `const { createRequire } = await import('node:module');
      const hf = createRequire(${JSON.stringify(`${peers}/`)})('./tokenizers');
      const t = performance.now(); hf.Tokenizer.fromFile(process.argv[1]);`,
  }[who];
  const r = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `${code}\nconst hwm = (await import('node:fs')).readFileSync('/proc/self/status', 'utf8').match(/VmHWM:\\s+(\\d+)/); console.log(JSON.stringify([performance.now() - t, hwm ? Number(hwm[1]) : process.resourceUsage().maxRSS]));`,
      file,
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) return null;
  /** @type {[number, number]} */
  const [ms, kb] = JSON.parse(r.stdout.trim().split('\n').pop() ?? '');
  return [ms / 1000, kb / 1024];
}

async function realFilesBench() {
  const rt = shortReviewsPath();
  if (!existsSync(rt)) {
    console.log('real-file bench skipped: ../shared/data/short_reviews/rt_dev.tsv not found');
    return;
  }
  const sentences = readFileSync(rt, 'utf8')
    .split('\n')
    .filter((l) => l.includes('\t'))
    .map((l) => l.slice(l.indexOf('\t') + 1));
  const smb = sentences.reduce((a, t) => a + new TextEncoder().encode(t).length, 0) / 1e6;
  const hf = loadNative();
  const js = await loadJs();
  const dir = mkdtempSync(join(tmpdir(), 'tfnlp-bench-real-'));
  /** @type {string[][]} */
  const table = [];
  for (const [name, f] of Object.entries(REAL_FILES)) {
    const text = f.text();
    const file = join(dir, `${name}.json`);
    writeFileSync(file, text);
    /** @type {Runners} */
    const runners = [];
    const ours_ = ours.tokenizerFromString(text);
    runners.push([
      'ours',
      () => {
        for (const s of sentences) ours_.encode(s);
      },
    ]);
    if (hf) {
      const t = hf.Tokenizer.fromString(text);
      runners.push([
        'HF native (one call per sentence)',
        async () => {
          for (const s of sentences) await t.encode(s);
        },
      ]);
    }
    if (js) {
      try {
        const t = new js.Tokenizer(JSON.parse(text), {});
        runners.push([
          '@huggingface/tokenizers',
          () => {
            for (const s of sentences) t.encode(s);
          },
        ]);
      } catch (e) {
        table.push([name, '@huggingface/tokenizers', 'failed to load', firstLine(e), '', '']);
      }
    }
    for (const [, run] of runners) await run(); // warm-up pass
    const med = await medianSecs(runners);
    const oursSecs = med[0] ?? Number.NaN; // runners[0] is ours
    runners.forEach(([who], k) => {
      const secs = med[k] ?? Number.NaN;
      const child =
        who === 'ours'
          ? loadInChild('ours', file)
          : who.startsWith('HF')
            ? loadInChild('native', file)
            : null;
      table.push([
        name,
        who,
        `${(smb / secs).toFixed(2)} MB/s`,
        k === 0 ? '1.00x' : `ours ${(secs / oursSecs).toFixed(2)}x`,
        child ? `${child[0].toFixed(2)} s` : '',
        child ? `${child[1].toFixed(0)} MB` : '',
      ]);
    });
  }
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `\nPublished files: encode of ${sentences.length} rt_dev sentences (${smb.toFixed(2)} MB), median of ${REPS} passes; load = fresh process (time, peak RSS).`,
  );
  console.log(
    '\n| file | who | encode | vs ours | load | peak RSS |\n| --- | --- | --- | --- | --- | --- |',
  );
  for (const r of table) console.log(`| ${r.join(' | ')} |`);
}
