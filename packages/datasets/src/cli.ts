// `tfnlp-datasets` (bin/tfnlp-datasets.mjs calls main): fetch a dataset's official files into the cache (rendering download
// progress), show a dataset card, or print the cache folder.
//
//   tfnlp-datasets fetch imdb [--cache-dir DIR]
//   tfnlp-datasets info 20newsgroups
//   tfnlp-datasets cache-dir
import { parseArgs } from 'node:util';
import type { DatasetCard } from './datasets/card.js';
import { AG_NEWS_CARD, BBC_CARD, IMDB_CARD, NEWSGROUPS_CARD } from './datasets/cards.js';
import { defaultCacheDir } from './source/cache-dir.js';
import { formatProgress } from './source/progress.js';
import { resolveSource } from './source/resolve.js';

const CARDS: Record<string, DatasetCard> = Object.fromEntries(
  [IMDB_CARD, AG_NEWS_CARD, BBC_CARD, NEWSGROUPS_CARD].map((c) => [c.id, c]),
);
const USAGE = `usage: tfnlp-datasets fetch <dataset> [--cache-dir DIR] [--url URL --md5 HEX | --sha256 HEX]
       tfnlp-datasets info <dataset>
       tfnlp-datasets cache-dir
datasets: ${Object.keys(CARDS).join(', ')}`;

/** Where the CLI writes; process.stdout / process.stderr in real use. */
export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

export async function main(
  argv: string[],
  out: Output = process.stdout,
  err: Output = process.stderr,
): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'cache-dir': { type: 'string' },
      url: { type: 'string' },
      md5: { type: 'string' },
      sha256: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, id] = positionals;
  if (values.help || !command) {
    out.write(`${USAGE}\n`);
    return command || values.help ? 0 : 2;
  }
  if (command === 'cache-dir') {
    out.write(`${values['cache-dir'] ?? defaultCacheDir()}\n`);
    return 0;
  }
  const card = id ? CARDS[id] : undefined;
  if (!card) {
    err.write(`tfnlp-datasets: unknown dataset ${JSON.stringify(id ?? '')}\n${USAGE}\n`);
    return 2;
  }
  if (command === 'info') {
    out.write(`${renderCard(card)}\n`);
    return 0;
  }
  if (command !== 'fetch') {
    err.write(`tfnlp-datasets: unknown command ${JSON.stringify(command)}\n${USAGE}\n`);
    return 2;
  }
  const files = Object.values(card.files);
  if (values.url && files.length !== 1) {
    err.write(
      `tfnlp-datasets: --url needs a dataset with one file; ${card.id} has ${files.length}.\n`,
    );
    return 2;
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
      const path = await resolveSource(card.id, file, {
        ...(values['cache-dir'] ? { cacheDir: values['cache-dir'] } : {}),
        ...(remote ? { remote } : {}),
        onProgress: (p) => {
          last = formatProgress(p);
          // A terminal gets one line redrawn in place; a log gets only the final line.
          if (tty) err.write(`\r${last}\x1b[K`);
        },
      });
      if (tty && last) err.write('\n');
      else if (last) err.write(`${last}\n`);
      out.write(`${path}\n`);
    } catch (e) {
      if (tty && last) err.write('\n');
      err.write(`tfnlp-datasets: ${(e as Error).message}\n`);
      return 1;
    }
  }
  return 0;
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
