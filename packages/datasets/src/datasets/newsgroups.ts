// 20 Newsgroups "bydate" from 20news-bydate.tar.gz
// (20news-bydate-{train,test}/<group>/<id>), decoded as Latin-1 like scikit-learn, with
// sklearn's remove=('headers','footers','quotes') cleaners.
import { basename } from 'node:path';
import { readArchive } from '../archive/open.js';
import { resolveSource, type SourceOptions } from '../source/resolve.js';
import { decodeText, type TextEncodingPolicy } from '../text/decode.js';
import { cleanNewsgroupPost, type NewsgroupsRemove } from '../text/newsgroups.js';
import type { TextExample } from '../types.js';
import { NEWSGROUPS_CARD } from './cards.js';

/** The 20news-bydate splits. */
export type NewsgroupsSplit = 'train' | 'test';

export interface NewsgroupsExample extends TextExample {
  /** Index of `group` in the sorted list of the loaded groups (all 20: NEWSGROUPS_CARD.labels). */
  label: number;
  group: string;
  /** The post's number (its file name). */
  id: number;
  split: NewsgroupsSplit;
  /** e.g. "train/alt.atheism/49960". */
  key: string;
}

/** Where 20 Newsgroups comes from, which split(s) and groups, and which parts of a post to remove. */
export interface NewsgroupsOptions extends SourceOptions {
  /** One split or both, read in one pass (default 'train'). */
  split?: NewsgroupsSplit | readonly NewsgroupsSplit[];
  /** Parts to strip, as scikit-learn's remove= (default none). */
  remove?: readonly NewsgroupsRemove[];
  /** Load only these groups; labels then index the sorted subset (as scikit-learn). */
  categories?: readonly string[];
  /** Default 'latin1' (as scikit-learn). */
  encoding?: TextEncodingPolicy;
}

const POST = /(?:^|\/)20news-bydate-(train|test)\/([a-z.-]+)\/(\d+)$/;

/** Streams 20 Newsgroups posts (labels: the group names in alphabetical order, as scikit-learn's). */
export async function* newsgroups(
  options: NewsgroupsOptions = {},
): AsyncGenerator<NewsgroupsExample> {
  const splits = new Set<string>(
    typeof options.split === 'string' ? [options.split] : (options.split ?? ['train']),
  );
  for (const s of splits) {
    if (s !== 'train' && s !== 'test')
      throw new Error(`newsgroups: unknown split ${JSON.stringify(s)}; use 'train' or 'test'.`);
  }
  const all = NEWSGROUPS_CARD.labels;
  const groups = options.categories ? [...options.categories].sort() : [...all];
  for (const g of groups) {
    if (!all.includes(g))
      throw new Error(
        `newsgroups: unknown category ${JSON.stringify(g)}; the 20 groups are ${all.join(', ')}.`,
      );
  }
  const labelOf = new Map(groups.map((g, i) => [g, i]));
  const remove = options.remove ?? [];
  const encoding = options.encoding ?? 'latin1';
  const file = await resolveSource('20newsgroups', NEWSGROUPS_CARD.files.archive!, options);
  let n = 0;
  const filter = (p: string): boolean => {
    const m = POST.exec(p);
    return m !== null && splits.has(m[1]!) && labelOf.has(m[2]!);
  };
  for await (const { path, data } of readArchive(file, { filter, limits: options.limits })) {
    const m = POST.exec(path)!;
    const raw = decodeText(data, encoding, `${basename(file)}:${path}`);
    n++;
    yield {
      text: remove.length ? cleanNewsgroupPost(raw, remove) : raw,
      label: labelOf.get(m[2]!)!,
      group: m[2]!,
      id: Number(m[3]),
      split: m[1] as NewsgroupsSplit,
      key: `${m[1]}/${m[2]}/${m[3]}`,
    };
  }
  if (n === 0) {
    throw new Error(
      `newsgroups: ${file} has no posts (20news-bydate-{train,test}/<group>/<id>). ` +
        `Is it 20news-bydate.tar.gz from ${NEWSGROUPS_CARD.homepage}?`,
    );
  }
}
