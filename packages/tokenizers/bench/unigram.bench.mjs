#!/usr/bin/env node
// Unigram encode speed on short sentences, ours vs HF's native binding, one call per
// sentence, one process, on the fixture tokenizers (fixtures/tok/hf-unigram*.json) and the
// 5,000 texts of ../shared/data/short_reviews/rt_dev.tsv.
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

async function median(f) {
  const ts = [];
  for (let r = 0; r < REPS; r++) {
    const t0 = performance.now();
    await f();
    ts.push(performance.now() - t0);
  }
  return ts.sort((a, b) => a - b)[REPS >> 1];
}

for (const name of ['hf-unigram', 'hf-unigram-bytefallback', 'hf-unigram-spm']) {
  const json = readFileSync(new URL(`../fixtures/tok/${name}.json`, import.meta.url), 'utf8');
  const mine = ours.tokenizerFromString(json);
  for (const t of texts) mine.encode(t); // warm-up (JIT)
  const tOurs = await median(() => {
    for (const t of texts) mine.encode(t);
  });
  let line = `${name}: ours ${((tOurs * 1000) / texts.length).toFixed(1)} us/sentence`;
  if (hf) {
    const theirs = hf.Tokenizer.fromString(json);
    for (const t of texts) await theirs.encode(t);
    const tHf = await median(async () => {
      for (const t of texts) await theirs.encode(t);
    });
    line += `, HF native ${((tHf * 1000) / texts.length).toFixed(1)} us/sentence, ours is ${(tHf / tOurs).toFixed(2)}x`;
  }
  console.log(line);
}
