#!/usr/bin/env node
// Unigram encode speed on short sentences, ours vs HF's native binding, one call per
// sentence, one process, on the fixture tokenizers (fixtures/tok/hf-unigram*.json) and the
// 5,000 texts of ../shared/data/short_reviews/rt_dev.tsv; passes interleaved, medians reported.
// Run: node packages/tokenizers/bench/unigram.bench.mjs (after a build); the native binding
// is optional (HF_NODE_MODULES, default /tmp/hf/node_modules; see encode.bench.mjs).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as ours from '../dist/index.js';
import { loadRealSentences } from '../scripts/real_sentences.mjs';

const require = createRequire(import.meta.url);
const peers = process.env.HF_NODE_MODULES ?? '/tmp/hf/node_modules';
let hf = null;
try {
  hf = require(join(peers, 'tokenizers'));
} catch {
  console.log(`(HF native binding not found in ${peers}; only ours is timed)`);
}
const real = await loadRealSentences(0);
if (!real) {
  console.log('bench skipped: ../shared/data/short_reviews/rt_dev.tsv not found');
  process.exit(0);
}
const texts = real.rt;
const REPS = Number(process.env.BENCH_REPS ?? 5);

/** @param {number[]} ts */
const median = (ts) => /** @type {number} */ ([...ts].sort((a, b) => a - b)[ts.length >> 1]);
/**
 * Milliseconds `f` takes.
 * @param {() => unknown} f
 */
const time = async (f) => {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
};

for (const name of ['hf-unigram', 'hf-unigram-bytefallback', 'hf-unigram-spm']) {
  const json = readFileSync(new URL(`../fixtures/tok/${name}.json`, import.meta.url), 'utf8');
  const mine = ours.tokenizerFromString(json);
  const theirs = hf ? hf.Tokenizer.fromString(json) : null;
  const runOurs = () => {
    for (const t of texts) mine.encode(t);
  };
  const runHf = async () => {
    for (const t of texts) await theirs.encode(t);
  };
  // Warm-up (JIT, caches), then passes interleaved so load changes hit both alike.
  await time(runOurs);
  if (theirs) await time(runHf);
  const tOurs = [];
  const tHf = [];
  for (let r = 0; r < REPS; r++) {
    tOurs.push(await time(runOurs));
    if (theirs) tHf.push(await time(runHf));
  }
  /** @param {number[]} ms */
  const us = (ms) => ((median(ms) * 1000) / texts.length).toFixed(1);
  let line = `${name}: ours ${us(tOurs)} us/sentence`;
  if (theirs) {
    line += `, HF native ${us(tHf)} us/sentence, ours is ${(median(tHf) / median(tOurs)).toFixed(2)}x faster`;
  }
  console.log(line);
}
