// `tfnlp-datasets` (bin/tfnlp-datasets.mjs calls main): fetch a dataset's official files into the cache (rendering download
// progress), show a dataset card, preview examples, or print the cache folder.
//
//   tfnlp-datasets fetch imdb [--cache-dir DIR]
//   tfnlp-datasets info 20newsgroups
//   tfnlp-datasets preview bbc --n 3 --width 80
//   tfnlp-datasets cache-dir
//
// Arguments are parsed by node's util.parseArgs (no dependency, strict: an unknown flag is
// an error). Its one surprise, "argument is ambiguous" for `--width -1`, is avoided by
// joining a flag and a negative-number value (`--width=-1`) before parsing. Every failure is
// one line on stderr (plus the usage for a usage error), never a stack trace.
import { parseArgs } from 'node:util';
import { isPreviewDataset, previewLines } from './cli-preview.js';
import { checkBbcContents } from './datasets/bbc.js';
import type { DatasetCard } from './datasets/card.js';
import { AG_NEWS_CARD, BBC_CARD, IMDB_CARD, NEWSGROUPS_CARD } from './datasets/cards.js';
import type { TabularFormat } from './datasets/tabular.js';
import { defaultCacheDir } from './source/cache-dir.js';
import { formatProgress } from './source/progress.js';
import { type ContentCheck, resolveSource } from './source/resolve.js';
import { escapeForTerminal } from './text/escape.js';

// Maps, not objects: the id comes from the command line ("constructor" is not a dataset).
const CARDS = new Map<string, DatasetCard>(
  [IMDB_CARD, AG_NEWS_CARD, BBC_CARD, NEWSGROUPS_CARD].map((c) => [c.id, c]),
);
/** Files without a published checksum are checked by their contents (as the loaders do). */
const CONTENT_CHECKS = new Map<string, ContentCheck>([['bbc', checkBbcContents]]);

const USAGE = `usage: tfnlp-datasets fetch <dataset> [--cache-dir DIR] [--url URL --md5 HEX | --sha256 HEX]
       tfnlp-datasets info <dataset>
       tfnlp-datasets preview <dataset | file.csv|.tsv|.jsonl> [--split S] [--n 5] [--width 200]
                      [--path FILE] [--text COL --label COL --format csv|tsv|jsonl] [--cache-dir DIR]
       tfnlp-datasets cache-dir
datasets: ${[...CARDS.keys()].join(', ')}`;

const OPTIONS = {
  'cache-dir': { type: 'string' },
  url: { type: 'string' },
  md5: { type: 'string' },
  sha256: { type: 'string' },
  split: { type: 'string' },
  n: { type: 'string' },
  width: { type: 'string' },
  path: { type: 'string' },
  text: { type: 'string' },
  label: { type: 'string' },
  format: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Where the CLI writes; process.stdout / process.stderr in real use. */
export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** A wrong command line: printed with the usage, exit code 2. */
class UsageError extends Error {}

/** Runs the CLI with `argv` (without node and the script); resolves with the exit code. */
export async function main(
  argv: string[],
  out: Output = process.stdout,
  err: Output = process.stderr,
): Promise<number> {
  try {
    return await run(argv, out, err);
  } catch (e) {
    const usage = e instanceof UsageError;
    // One line: the first line of the message, controls escaped (names come from files).
    const message = escapeForTerminal(String((e as Error)?.message ?? e).split('\n')[0]!);
    err.write(`tfnlp-datasets: ${message}\n${usage ? `${USAGE}\n` : ''}`);
    return usage ? 2 : 1;
  }
}

async function run(argv: string[], out: Output, err: Output): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(argv),
      allowPositionals: true,
      options: OPTIONS,
    });
  } catch (e) {
    // parseArgs' messages are one line and name the flag ("Unknown option '--frob'").
    throw new UsageError((e as Error).message.split('. ')[0]!);
  }
  const { positionals, values } = parsed;
  const [command, id, ...extra] = positionals;
  if (values.help || !command) {
    out.write(`${USAGE}\n`);
    return command || values.help ? 0 : 2;
  }
  if (extra.length) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  if (command === 'cache-dir') {
    out.write(`${values['cache-dir'] ?? defaultCacheDir()}\n`);
    return 0;
  }
  if (command === 'preview') return preview(id, values, out);
  if (command !== 'info' && command !== 'fetch') {
    throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  }
  const card = id === undefined ? undefined : CARDS.get(id);
  if (!card) throw new UsageError(`unknown dataset ${JSON.stringify(id ?? '')}`);
  if (command === 'info') {
    out.write(`${renderCard(card)}\n`);
    return 0;
  }
  const files = Object.values(card.files);
  if (values.url && files.length !== 1) {
    throw new UsageError(`--url needs a dataset with one file; ${card.id} has ${files.length}.`);
  }
  const tty = err.isTTY === true;
  for (const file of files) {
    const remote = values.url
      ? {
          url: values.url,
          ...(values.md5 ? { md5: values.md5 } : {}),
          ...(values.sha256 ? { sha256: values.sha256 } : {}),
        }
      : undefined;
    let last = '';
    try {
      const path = await resolveSource(
        card.id,
        file,
        {
          ...(values['cache-dir'] ? { cacheDir: values['cache-dir'] } : {}),
          ...(remote ? { remote } : {}),
          onProgress: (p) => {
            last = formatProgress(p);
            // A terminal gets one line redrawn in place; a log gets only the final line.
            if (tty) err.write(`\r${last}\x1b[K`);
          },
        },
        CONTENT_CHECKS.get(card.id),
      );
      if (tty && last) err.write('\n');
      else if (last) err.write(`${last}\n`);
      out.write(`${path}\n`);
    } catch (e) {
      if (tty && last) err.write('\n');
      throw e;
    }
  }
  return 0;
}

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

async function preview(id: string | undefined, values: Values, out: Output): Promise<number> {
  if (id === undefined) throw new UsageError('preview needs a dataset or a file');
  const format = values.format;
  if (format !== undefined && format !== 'csv' && format !== 'tsv' && format !== 'jsonl') {
    throw new UsageError(`--format ${JSON.stringify(format)}: use csv, tsv or jsonl`);
  }
  const dataset = isPreviewDataset(id);
  for await (const line of previewLines({
    source: dataset ? id : (values.path ?? id),
    n: integer('n', values.n, 5, 1),
    width: integer('width', values.width, 200),
    ...(values.split ? { split: values.split } : {}),
    ...(values.text ? { text: values.text } : {}),
    ...(values.label ? { label: values.label } : {}),
    ...(format ? { format: format as TabularFormat } : {}),
    ...(dataset ? { labels: CARDS.get(id)!.labels } : {}),
    sourceOptions: {
      ...(values['cache-dir'] ? { cacheDir: values['cache-dir'] } : {}),
      ...(dataset && values.path ? { path: values.path } : {}),
    },
  })) {
    out.write(`${line}\n`);
  }
  return 0;
}

/** `--name` as an integer (`fallback` when absent); `min` bounds it from below. */
function integer(name: string, raw: string | undefined, fallback: number, min?: number): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isSafeInteger(v) || (min !== undefined && v < min)) {
    throw new UsageError(
      `--${name} ${JSON.stringify(raw)} is not ${min !== undefined ? `an integer >= ${min}` : 'an integer'}`,
    );
  }
  return v;
}

/** `--width -1` -> `--width=-1`: a value-taking flag followed by a negative number. */
function joinNegativeValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = argv[i + 1];
    const name = a.startsWith('--') ? a.slice(2) : undefined;
    const takesValue =
      name !== undefined &&
      Object.hasOwn(OPTIONS, name) &&
      OPTIONS[name as keyof typeof OPTIONS].type === 'string';
    if (takesValue && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else {
      out.push(a);
    }
  }
  return out;
}

function renderCard(c: DatasetCard): string {
  const lines = [
    `${c.title} (${c.id})`,
    c.description,
    `homepage: ${c.homepage}`,
    `labels: ${c.labels.map((l, i) => `${i}=${l}`).join(', ')}`,
    `splits: ${Object.entries(c.splits)
      .map(([s, n]) => `${s} ${n}`)
      .join(', ')}`,
    ...Object.values(c.files).map(
      (f) =>
        `file: ${f.filename} ${f.url}${f.size ? ` ${f.size} bytes` : ''}${f.md5 ? ` md5 ${f.md5}` : ''}${f.sha256 ? ` sha256 ${f.sha256}` : ''}`,
    ),
    `citation: ${c.citation}`,
    `licence: ${c.license}`,
    ...c.notes.map((n) => `note: ${n}`),
  ];
  return lines.join('\n');
}
