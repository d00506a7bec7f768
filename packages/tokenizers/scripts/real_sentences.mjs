// Real sentences for the Unigram parity fixtures, read from ../shared/data (never committed):
// the text column of short_reviews/rt_dev.tsv and sentences of the first IMDB train reviews.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { imdbPath, loadImdbTexts } from './imdb.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** <data>/short_reviews/rt_dev.tsv, or null when the data folder is absent. */
export function rtDevPath() {
  const base = process.env.TFNLP_DATA_DIR ?? join(here, '..', '..', '..', '..', 'shared', 'data');
  const p = join(base, 'short_reviews', 'rt_dev.tsv');
  return existsSync(p) ? p : null;
}

/** { rt, imdb }: rt_dev texts (5,000) and `nImdb` IMDB train sentences; null when absent. */
export async function loadRealSentences(nImdb = 3000) {
  const rt = rtDevPath();
  const imdb = imdbPath();
  if (!rt || !imdb) return null;
  const rtTexts = readFileSync(rt, 'utf8')
    .split('\n')
    .filter((l) => l.includes('\t'))
    .map((l) => l.slice(l.indexOf('\t') + 1));
  const sentences = [];
  for (const review of await loadImdbTexts(imdb, 'train', 600)) {
    for (const s of review.replaceAll('<br />', ' ').split(/(?<=[.!?])\s+/)) {
      const t = s.trim();
      if (t.length > 0 && t.length <= 300) sentences.push(t);
    }
    if (sentences.length >= nImdb) break;
  }
  return { rt: rtTexts, imdb: sentences.slice(0, nImdb) };
}

/**
 * A trained Unigram vocab without its text: { size, piecesDigest, scores } with the scores in
 * sorted-piece order to 10 significant digits, null for the chars that training dropped (HF
 * re-adds them at min score + k x 1e-4 in hash-set order, which changes from run to run).
 */
export function unigramSummary(vocab) {
  const min = Math.min(...vocab.map(([, s]) => s));
  const sorted = [...vocab].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const pieces = sorted.map(([p]) => p);
  return {
    size: vocab.length,
    piecesDigest: createHash('sha256').update(JSON.stringify(pieces)).digest('hex').slice(0, 16),
    scores: sorted.map(([, s]) => (s < min + 0.01 ? null : Number(s.toPrecision(10)))),
  };
}
