#!/usr/bin/env node
// Converts a model folder's tokenizer.json from the app's old format ({ type: "words", ngrams,
// tokens }, written by the SentimentTokenizer class that @tfnlp/tokenizers' word-level preset
// replaced) to a tokenizer.json of the preset: the same words (datasets' old `wordTokenize`:
// `<br />` -> space, lowercase, runs of letters/digits with inner apostrophes), the same
// interleaved bigrams and the same ids. test/predictions.real.test.ts checks the result.
//
//   pnpm --filter @tfnlp/tokenizers build
//   node apps/sentiment/scripts/convert-tokenizer.mjs apps/sentiment/model
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tokenizerToJson, WORDS_ONLY, wordLevelTokenizer } from '@tfnlp/tokenizers';

const dir = resolve(process.argv[2] ?? join(import.meta.dirname, '..', 'model'));
const path = join(dir, 'tokenizer.json');
const old = JSON.parse(readFileSync(path, 'utf8'));
if (old.type !== 'words' || (old.ngrams !== 1 && old.ngrams !== 2)) {
  console.error(
    `error: ${path} is not an old-format sentiment tokenizer ({ type: "words", ngrams, tokens }).`,
  );
  process.exit(2);
}
const tokens = typeof old.tokens === 'string' ? old.tokens.split('\n') : old.tokens;
if (tokens[0] !== '<pad>' || tokens[1] !== '<unk>') {
  console.error(`error: ${path}: the vocabulary must start with <pad>, <unk>.`);
  process.exit(2);
}
const tok = wordLevelTokenizer(tokens, {
  cleanHtml: true,
  lowercase: true,
  pattern: WORDS_ONLY,
  unmatched: 'drop',
  ngrams: old.ngrams,
});
writeFileSync(path, `${JSON.stringify(tokenizerToJson(tok))}\n`);
console.log(
  `${path}: ${tokens.length} tokens, ngrams ${old.ngrams} -> a word-level tokenizer.json`,
);
