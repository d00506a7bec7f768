// BBC News from bbc-fulltext.zip (bbc/<class>/NNN.txt) or its unpacked folder. No official
// split: train/test come from a seeded stratified split over the sorted keys, so every
// source (zip, folder, any read order) and platform gives the same split.
import { basename } from 'node:path';
import { readArchive } from '../archive/open.js';
import type { ReadLimits } from '../limits.js';
import { stratifiedSplit } from '../pipeline/split.js';
import { ContentCheckError, resolveSource, type SourceOptions } from '../source/resolve.js';
import { decodeText, type TextEncodingPolicy } from '../text/decode.js';
import type { TextExample } from '../types.js';
import { BBC_CARD } from './cards.js';

/** 'train' / 'test' come from a seeded stratified split (BBC has no official one); 'all' is every article. */
export type BbcSplit = 'train' | 'test' | 'all';

export interface BbcExample extends TextExample {
  /** Index in BBC_CARD.labels: business, entertainment, politics, sport, tech. */
  label: number;
  category: string;
  /** Line 1 of the file. */
  headline: string;
  /** The rest of the file, leading blank lines removed. */
  body: string;
  /** e.g. "sport/199". */
  key: string;
  split: BbcSplit;
}

/** Where BBC News comes from, which split, and the split's seed and test fraction. */
export interface BbcOptions extends SourceOptions {
  /** 'all' yields every article in archive order (default 'train'). */
  split?: BbcSplit;
  /** Share of each class held out as test (default 0.2). */
  testFraction?: number;
  /** Seed of the split (default 42). */
  seed?: number;
  /** Default 'utf-8-or-latin1' (sport/199.txt has a raw Latin-1 "£"). */
  encoding?: TextEncodingPolicy;
}

const ARTICLE = /(?:^|\/)(business|entertainment|politics|sport|tech)\/(\d+)\.txt$/;

/** Streams BBC News articles (labels business, entertainment, politics, sport, tech = 0..4). */
export async function* bbcNews(options: BbcOptions = {}): AsyncGenerator<BbcExample> {
  const split = options.split ?? 'train';
  if (split !== 'train' && split !== 'test' && split !== 'all') {
    throw new Error(
      `bbcNews: unknown split ${JSON.stringify(split)}; use 'train', 'test' or 'all'.`,
    );
  }
  const file = await resolveSource('bbc', BBC_CARD.files.archive!, options, checkBbcContents);
  const all = readBbc(file, options.encoding ?? 'utf-8-or-latin1', options.limits);
  if (split === 'all') {
    yield* all;
    return;
  }
  const { train, validation } = await stratifiedSplit(all, {
    validationFraction: options.testFraction ?? 0.2,
    seed: options.seed ?? 42,
    heldOutName: 'test',
  });
  yield* (split === 'train' ? train : validation) as BbcExample[];
}

async function* readBbc(
  file: string,
  encoding: TextEncodingPolicy,
  limits?: ReadLimits,
): AsyncGenerator<BbcExample> {
  let n = 0;
  for await (const { path, data } of readArchive(file, {
    filter: (p) => ARTICLE.test(p),
    limits,
  })) {
    const m = ARTICLE.exec(path)!;
    const category = m[1]!;
    const text = decodeText(data, encoding, `${basename(file)}:${path}`);
    const nl = text.indexOf('\n');
    const headline = (nl < 0 ? text : text.slice(0, nl)).trim();
    const body = nl < 0 ? '' : text.slice(nl + 1).replace(/^\s+/, '');
    n++;
    yield {
      text,
      label: BBC_CARD.labels.indexOf(category),
      category,
      headline,
      body,
      key: `${category}/${m[2]}`,
      split: 'all',
    };
  }
  if (n === 0) {
    throw new Error(
      `bbcNews: ${file} has no articles (bbc/<class>/NNN.txt). Is it bbc-fulltext.zip from ${BBC_CARD.files.archive!.url}?`,
    );
  }
}

/** No checksum is published: a downloaded or cached zip must hold the 2,225 articles (used by the CLI too). */
export async function checkBbcContents(file: string): Promise<void> {
  let n = 0;
  try {
    for await (const _ of readArchive(file, { filter: (p) => ARTICLE.test(p) })) n++;
  } catch (e) {
    throw new ContentCheckError(
      `${basename(file)} is not a readable bbc-fulltext.zip: ${(e as Error).message}`,
    );
  }
  const want = BBC_CARD.splits.all!;
  if (n !== want)
    throw new ContentCheckError(`${basename(file)} holds ${n} articles, expected ${want}.`);
}
