import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { imdbPath, loadImdbTexts } from '../../scripts/imdb.mjs';
import { randomStrings } from '../../scripts/random_strings.mjs';
import { imdbSentences, REAL_FILES, shortReviewsPath } from '../../scripts/real_files.mjs';
import { tokenizerFromString } from '../serialization.js';
import type { Tokenizer } from '../tokenizer.js';
import { fixture } from './fixtures.js';

// Parity with HF's native binding (tokenizers 0.23.2) on published tokenizer.json files
// (npm devDependencies, see scripts/real_files.mjs); expectations written by
// scripts/make-real-fixtures.mjs. Bars: every file loads; ids, offsets and decode equal HF's
// on every hard string and real sentence, and on >= 99.9 % of the random strings (the rest:
// Node's Unicode tables are newer than HF's Rust crates').

interface RealFixture {
  hard: Array<{
    text: string;
    ids: number[];
    tokens: string[];
    offsets: Array<[number, number]>;
    decoded: string;
  }>;
  random: { count: number; stringsDigest: string; rows: string[] };
  sentences?: Record<string, { count: number; textDigest: string; rows: string[] }>;
}

const digest = (x: unknown, n = 6) =>
  createHash('sha256').update(JSON.stringify(x)).digest('hex').slice(0, n);

const rowDigest = (tok: Tokenizer, s: string) => {
  const e = tok.encode(s);
  return [digest(e.ids), digest(e.offsets), digest(tok.decode(e.ids))];
};

/** Share of rows whose ids / offsets / decode digests equal HF's. */
function rates(tok: Tokenizer, texts: string[], rows: string[]) {
  const hits = [0, 0, 0];
  const misses: number[] = [];
  texts.forEach((s, i) => {
    const got = rowDigest(tok, s);
    const want = rows[i]!.split(':');
    let all = true;
    for (let k = 0; k < 3; k++) {
      if (got[k] === want[k]) hits[k]!++;
      else all = false;
    }
    if (!all) misses.push(i);
  });
  const n = texts.length;
  return { ids: hits[0]! / n, offsets: hits[1]! / n, decode: hits[2]! / n, misses };
}

const names = Object.keys(REAL_FILES);
const loaded = new Map<string, Tokenizer>();
const load = (name: string) => {
  let tok = loaded.get(name);
  if (!tok) {
    tok = tokenizerFromString(REAL_FILES[name]!.text());
    loaded.set(name, tok);
  }
  return tok;
};

describe('published tokenizer.json files: parity with HF native', () => {
  it.each(names)('%s loads', { timeout: 60_000 }, (name) => {
    expect(load(name).getVocabSize()).toBeGreaterThan(1000);
  });

  it.each(names)(
    '%s: hard strings: ids, tokens, offsets, decode equal HF',
    { timeout: 60_000 },
    (name) => {
      const tok = load(name);
      const want = fixture<RealFixture>(`real/${name}.json`);
      for (const h of want.hard) {
        const e = tok.encode(h.text);
        expect({ text: h.text, ids: e.ids, tokens: e.tokens, offsets: e.offsets }).toEqual({
          text: h.text,
          ids: h.ids,
          tokens: h.tokens,
          offsets: h.offsets,
        });
        expect(tok.decode(e.ids)).toBe(h.decoded);
      }
    },
  );

  it.each(names)(
    '%s: >= 99.9 percent of 3,000 random strings equal HF',
    { timeout: 60_000 },
    (name) => {
      const want = fixture<RealFixture>(`real/${name}.json`);
      const texts = randomStrings(want.random.count);
      expect(digest(texts, 16), 'random string generator changed').toBe(want.random.stringsDigest);
      const r = rates(load(name), texts, want.random.rows);
      const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
      console.log(
        `${name} random strings: ids ${pct(r.ids)}, offsets ${pct(r.offsets)}, decode ${pct(r.decode)}`,
      );
      expect(r.ids).toBeGreaterThanOrEqual(0.999);
      expect(r.offsets).toBeGreaterThanOrEqual(0.999);
      expect(r.decode).toBeGreaterThanOrEqual(0.999);
    },
  );
});

const rtPath = shortReviewsPath();
const imdb = imdbPath();
const haveData = existsSync(rtPath) && imdb !== null;
if (!haveData) {
  console.warn(
    'real-sentence parity skipped: ../shared/data/short_reviews/rt_dev.tsv or IMDB not found (set TFNLP_DATA_DIR to run it)',
  );
}

describe.skipIf(!haveData)('published tokenizer.json files on 8,000 real sentences', () => {
  const sets: Record<string, string[]> = {};
  beforeAll(async () => {
    const want = fixture<RealFixture>(`real/${names[0]}.json`).sentences!;
    sets.rt = readFileSync(rtPath, 'utf8')
      .split('\n')
      .filter((l) => l.includes('\t'))
      .map((l) => l.slice(l.indexOf('\t') + 1))
      .slice(0, want.rt!.count);
    sets.imdb = imdbSentences(await loadImdbTexts(imdb!, 'train', 400), want.imdb!.count);
  }, 60_000);

  it.each(names)(
    '%s: ids, offsets and decode equal HF on every sentence',
    { timeout: 120_000 },
    (name) => {
      const want = fixture<RealFixture>(`real/${name}.json`).sentences!;
      for (const [set, texts] of Object.entries(sets)) {
        expect(digest(texts, 16), `${set} sentences changed`).toBe(want[set]!.textDigest);
        const r = rates(load(name), texts, want[set]!.rows);
        expect({ set, misses: r.misses.slice(0, 5), count: r.misses.length }).toEqual({
          set,
          misses: [],
          count: 0,
        });
      }
    },
  );
});
