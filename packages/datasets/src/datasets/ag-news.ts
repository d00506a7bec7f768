// AG News from ag_news_csv.tgz (ag_news_csv/{train,test}.csv), its unpacked folder, or a
// CSV file. Rows are "class","title","description" with class 1..4.
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { readArchive } from '../archive/open.js';
import { resolveSource, type SourceOptions } from '../source/resolve.js';
import { FormatError, readDelimited } from '../tabular/delimited.js';
import type { TextEncodingPolicy } from '../text/decode.js';
import type { TextExample } from '../types.js';
import { AG_NEWS_CARD } from './cards.js';

/** The official AG News splits. */
export type AgNewsSplit = 'train' | 'test';

export interface AgNewsExample extends TextExample {
  /** 0..3 = World, Sports, Business, Sci/Tech (the file's class 1..4, minus one). */
  label: number;
  title: string;
  description: string;
  split: AgNewsSplit;
  /** e.g. "test/1" (1-based row number). */
  key: string;
}

/** Where AG News comes from, which split, and how its `\` line-break markers are treated. */
export interface AgNewsOptions extends SourceOptions {
  split?: AgNewsSplit;
  /** What to do with the original's backslash line breaks (default 'keep'). */
  backslash?: 'keep' | 'newline' | 'space';
  /** Default 'utf-8-strict'. */
  encoding?: TextEncodingPolicy;
}

const HINT = 'AG News rows are "class","title","description" with class 1..4 (RFC 4180 quoting)';

/** Streams one AG News split in file order. */
export async function* agNews(options: AgNewsOptions = {}): AsyncGenerator<AgNewsExample> {
  const split = options.split ?? 'train';
  if (split !== 'train' && split !== 'test') {
    throw new Error(`agNews: unknown split ${JSON.stringify(split)}; use 'train' or 'test'.`);
  }
  const official = AG_NEWS_CARD.files[split]!;
  const file = await resolveSource('ag_news', official, options);
  const encoding = options.encoding ?? 'utf-8-strict';
  const fix = backslashFixer(options.backslash ?? 'keep');
  const st = await stat(file);
  const csvName = `${split}.csv`;
  let input: string | Uint8Array | undefined;
  let name = basename(file);
  if (!st.isDirectory() && /\.csv$/i.test(file)) {
    input = file;
  } else {
    // Archive or folder: find <any>/<split>.csv; other entries are skipped unread.
    const seen: string[] = [];
    for await (const entry of readArchive(file, {
      limits: options.limits,
      filter: (p) => {
        seen.push(p);
        return basename(p) === csvName;
      },
    })) {
      input = entry.data;
      name = `${basename(file)}:${entry.path}`;
      break;
    }
    if (input === undefined) {
      throw new Error(
        `agNews: ${file} has no ${csvName}; it holds ${listFiles(seen)}. ` +
          `The official ag_news_csv.tgz has both train.csv and test.csv; ${csvName} is also at ${official.url}. ` +
          `Give its path as { path }, or choose another split.`,
      );
    }
  }
  let row = 0;
  for await (const { fields, line } of readDelimited(input, {
    delimiter: ',',
    quote: '"',
    encoding,
    name,
    hint: HINT,
    limits: options.limits,
  })) {
    row++;
    if (fields.length !== 3) {
      throw new FormatError(
        `${name} line ${line}: expected 3 fields, got ${fields.length}. ${HINT}.`,
        name,
        line,
      );
    }
    const cls = Number(fields[0]);
    if (!Number.isInteger(cls) || cls < 1 || cls > 4) {
      throw new FormatError(
        `${name} line ${line}: class ${JSON.stringify(fields[0])} is not 1..4. ${HINT}.`,
        name,
        line,
      );
    }
    const title = fix(fields[1]!);
    const description = fix(fields[2]!);
    yield {
      text: `${title} ${description}`,
      label: cls - 1,
      title,
      description,
      split,
      key: `${split}/${row}`,
    };
  }
}

/** "a.csv, b.txt" or, for a big wrong archive, the first 5 and a count. */
function listFiles(paths: string[]): string {
  if (paths.length === 0) return 'no files';
  const names = paths.slice(0, 5).map((p) => basename(p));
  return paths.length > 5
    ? `${names.join(', ')} and ${paths.length - 5} more files`
    : names.join(', ');
}

function backslashFixer(mode: 'keep' | 'newline' | 'space'): (s: string) => string {
  if (mode === 'keep') return (s) => s;
  const to = mode === 'newline' ? '\n' : ' ';
  return (s) => s.replace(/\\+/g, to);
}
