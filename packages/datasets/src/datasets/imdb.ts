// IMDB Large Movie Review Dataset from aclImdb_v1.tar.gz (or its unpacked folder):
// aclImdb/{train,test}/{pos,neg}/{id}_{rating}.txt and aclImdb/train/unsup/{id}_0.txt.
import { basename } from 'node:path';
import { readArchive } from '../archive/open.js';
import { resolveSource, type SourceOptions } from '../source/resolve.js';
import { decodeText, type TextEncodingPolicy } from '../text/decode.js';
import type { TextExample } from '../types.js';
import { IMDB_CARD } from './cards.js';

/** The IMDB folders: labelled 'train' and 'test', unlabelled 'unsup'. */
export type ImdbSplit = 'train' | 'test' | 'unsup';

export interface ImdbExample extends TextExample {
  /** 0 = neg, 1 = pos, -1 = unsup. */
  label: number;
  /** 1-4 (neg), 7-10 (pos), 0 (unsup), from the file name. */
  rating: number;
  /** Review id from the file name; unique within a split and class. */
  id: number;
  split: ImdbSplit;
  /** e.g. "train/pos/0_9". */
  key: string;
}

/** Where IMDB comes from and which split(s) to read. */
export interface ImdbOptions extends SourceOptions {
  /** One split or several, read in one pass over the archive (default 'train'). */
  split?: ImdbSplit | readonly ImdbSplit[];
  /** Default 'utf-8-strict' (all official reviews are valid UTF-8). */
  encoding?: TextEncodingPolicy;
}

// Matches inside the archive or a folder at any depth, so both aclImdb/ and its parent work.
const REVIEW = /(?:^|\/)(train|test)\/(pos|neg|unsup)\/(\d+)_(\d+)\.txt$/;

/** Streams IMDB reviews in archive order. Label order: neg = 0, pos = 1. */
export async function* imdb(options: ImdbOptions = {}): AsyncGenerator<ImdbExample> {
  const splits = new Set<ImdbSplit>(
    typeof options.split === 'string' ? [options.split] : (options.split ?? ['train']),
  );
  for (const s of splits) {
    if (s !== 'train' && s !== 'test' && s !== 'unsup') {
      throw new Error(`imdb: unknown split ${JSON.stringify(s)}; use 'train', 'test' or 'unsup'.`);
    }
  }
  const file = await resolveSource('imdb', IMDB_CARD.files.archive!, options);
  const encoding = options.encoding ?? 'utf-8-strict';
  const seen = new Map<ImdbSplit, number>();
  const wanted = (path: string): boolean => {
    const m = REVIEW.exec(path);
    if (!m) return false;
    const split = (m[2] === 'unsup' ? 'unsup' : m[1]) as ImdbSplit;
    if (m[2] === 'unsup' && m[1] !== 'train') return false;
    return splits.has(split);
  };
  for await (const { path, data } of readArchive(file, {
    filter: wanted,
    limits: options.limits,
  })) {
    const m = REVIEW.exec(path)!;
    const cls = m[2]!;
    const split = (cls === 'unsup' ? 'unsup' : m[1]) as ImdbSplit;
    seen.set(split, (seen.get(split) ?? 0) + 1);
    yield {
      text: decodeText(data, encoding, `${basename(file)}:${path}`),
      label: cls === 'pos' ? 1 : cls === 'neg' ? 0 : -1,
      rating: Number(m[4]),
      id: Number(m[3]),
      split,
      key: `${m[1]}/${cls}/${m[3]}_${m[4]}`,
    };
  }
  for (const s of splits) {
    if (!seen.get(s)) {
      const where = s === 'unsup' ? 'aclImdb/train/unsup/*.txt' : `aclImdb/${s}/{pos,neg}/*.txt`;
      throw new Error(
        `imdb: ${file} has no ${s} reviews (${where}). ` +
          (s === 'unsup'
            ? 'This copy lacks the unlabelled reviews; use the official aclImdb_v1.tar.gz, or leave out the unsup split.'
            : `Is it the IMDB archive? Expected ${IMDB_CARD.files.archive!.filename} from ${IMDB_CARD.files.archive!.url}.`),
      );
    }
  }
}
