import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomStrings } from '../../scripts/random_strings.mjs';
import { loadRealSentences } from '../../scripts/real_sentences.mjs';
import { MetaspaceDecoder } from '../decoders/metaspace.js';
import { NormalizedString } from '../normalized_string.js';
import { Metaspace, type PrependScheme } from '../pre_tokenizers/metaspace.js';
import { tokenizerToJson } from '../serialization.js';
import type { Tokenizer } from '../tokenizer.js';
import { fixture, hardStrings, loadFixtureTokenizer } from './fixtures.js';

// HF's output with the Unigram tokenizers of scripts/make-unigram-fixtures.mjs: in full on the
// hard strings, as digests on 3,000 seeded random strings (every Unicode general category)
// and on the real sentences (rt_dev + IMDB, read from ../shared; no text is committed).
interface Hard {
  ids: number[];
  tokens: string[];
  offsets: Array<[number, number]>;
  decoded: string;
}
type Expected = Record<string, { hard: Hard[]; random: string[] }>;
interface Real {
  sentences: Record<string, number>;
  digests: Record<string, Record<string, string[]>>;
}

const expected = fixture<Expected>('expected/unigram.json');
const names = Object.keys(expected);
const digest = (x: unknown) =>
  createHash('sha256').update(JSON.stringify(x)).digest('hex').slice(0, 10);

/** "idsOffsetsDigest:decodeDigest" of our encoding of `s`, as the fixture script writes it. */
function row(tok: Tokenizer, s: string): string {
  const e = tok.encode(s);
  return `${digest([e.ids, e.offsets])}:${digest(tok.decode(e.ids))}`;
}

/** Share of rows whose ids+offsets (part 0) or decode (part 1) digest matches. */
function share(got: string[], want: string[], part: 0 | 1): number {
  let ok = 0;
  got.forEach((g, i) => {
    if (g.split(':')[part] === want[i]!.split(':')[part]) ok++;
  });
  return ok / want.length;
}

describe('Unigram parity with HF (hard strings)', () => {
  it.each(names)('%s loads and round-trips through tokenizer.json', (name) => {
    const tok = loadFixtureTokenizer(name);
    const json = fixture<Record<string, unknown>>(`tok/${name}.json`);
    expect(tokenizerToJson(tok).model).toEqual(json.model);
    expect(tokenizerToJson(tok).normalizer).toEqual(json.normalizer);
  });

  it.each(names)('%s: ids, tokens, offsets and decode equal HF on every hard string', (name) => {
    const tok = loadFixtureTokenizer(name);
    const bad: string[] = [];
    hardStrings.forEach((s, i) => {
      const e = tok.encode(s);
      const got = { ids: e.ids, tokens: e.tokens, offsets: e.offsets, decoded: tok.decode(e.ids) };
      const want = expected[name]!.hard[i]!;
      if (JSON.stringify(got) !== JSON.stringify(want))
        bad.push(
          `${JSON.stringify(s)}\n got  ${JSON.stringify(got)}\n want ${JSON.stringify(want)}`,
        );
    });
    expect(bad.slice(0, 5)).toEqual([]);
  });
});

describe('Unigram parity with HF (3,000 random strings)', () => {
  const strings = randomStrings();
  it.each(names)('%s: ids+offsets and decode equal HF on at least 99.9 percent', (name) => {
    const tok = loadFixtureTokenizer(name);
    const got = strings.map((s) => row(tok, s));
    const want = expected[name]!.random;
    expect(want.length).toBe(3000);
    const ids = share(got, want, 0);
    const dec = share(got, want, 1);
    console.log(
      `${name} random strings: ids+offsets ${(ids * 100).toFixed(2)} %, decode ${(dec * 100).toFixed(2)} %`,
    );
    expect(ids).toBeGreaterThanOrEqual(0.999);
    expect(dec).toBeGreaterThanOrEqual(0.999);
  });
});

let real: Awaited<ReturnType<typeof loadRealSentences>> = null;
const realWant = fixture<Real>('unigram-real.json');
beforeAll(async () => {
  real = await loadRealSentences(realWant.sentences.imdb);
  if (!real) {
    console.warn(
      'Unigram real-sentence parity skipped: ../shared/data (short_reviews/rt_dev.tsv, imdb) not found (set TFNLP_DATA_DIR to run it)',
    );
  }
});

describe('Unigram parity with HF (real sentences: rt_dev + IMDB)', () => {
  it.each(names)('%s: ids, offsets and decode equal HF on every sentence', (name) => {
    if (!real) return;
    const tok = loadFixtureTokenizer(name);
    for (const [src, texts] of Object.entries(real)) {
      const want = realWant.digests[name]![src]!;
      expect(texts.length).toBe(realWant.sentences[src]);
      const got = texts.map((s) => row(tok, s));
      const ids = share(got, want, 0);
      const dec = share(got, want, 1);
      console.log(
        `${name} ${src} (${texts.length}): ids+offsets ${(ids * 100).toFixed(2)} %, decode ${(dec * 100).toFixed(2)} %`,
      );
      expect([src, ids, dec]).toEqual([src, 1, 1]);
    }
  });
});

describe('Metaspace pre-tokenizer and decoder equal HF for every option', () => {
  type Row = { pre: Array<[string, [number, number]]>; decoded: string };
  const want = fixture<Record<string, Row[]>>('expected/metaspace.json');
  const lone = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
  const strings = hardStrings.filter((s) => !lone.test(s));
  it.each(Object.keys(want))('%s', (key) => {
    const [scheme, split] = key.split('-') as [PrependScheme, string];
    const pre = new Metaspace({ prependScheme: scheme, split: split === 'true' });
    const dec = new MetaspaceDecoder('\u2581', scheme, split === 'true');
    const bad: string[] = [];
    strings.forEach((s, i) => {
      const got = {
        pre: pre
          .preTokenize([NormalizedString.from(s)])
          .map((ns) => [ns.normalized, ns.offsets(0, ns.length)]),
        decoded: dec.decode(s.split(/(?=[ \u2581])/)),
      };
      if (JSON.stringify(got) !== JSON.stringify(want[key]![i]))
        bad.push(`${JSON.stringify(s)}: ${JSON.stringify(got)}`);
    });
    expect(strings.length).toBe(want[key]!.length);
    expect(bad.slice(0, 5)).toEqual([]);
  });
});
