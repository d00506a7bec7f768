// `tfnlp-datasets preview`: the first examples of a dataset or of a CSV/TSV/JSONL file, one
// per line, every control / bidi character of the text escaped (a review can hold ESC
// sequences) and long texts cut to --width characters.
import { agNews } from './datasets/ag-news.js';
import { bbcNews } from './datasets/bbc.js';
import { imdb } from './datasets/imdb.js';
import { newsgroups } from './datasets/newsgroups.js';
import { type TabularFormat, tabular } from './datasets/tabular.js';
import type { SourceOptions } from './source/resolve.js';
import { escapeForTerminal } from './text/escape.js';
import type { TextExample } from './types.js';

/** What `preview` reads and how much of it it prints. */
export interface PreviewRequest {
  /** A dataset id, or the path of a CSV/TSV/JSONL file. */
  source: string;
  split?: string;
  /** Examples to print (default 5). */
  n: number;
  /** Characters of text per example; 0 or negative: the whole text. */
  width: number;
  /** Tabular files: the text and label columns (default 'text' and 'label'). */
  text?: string;
  label?: string;
  format?: TabularFormat;
  /** Label names of a built-in dataset (its card), index = label. */
  labels?: readonly string[];
  sourceOptions: SourceOptions;
}

type Loader = (split: string | undefined, o: SourceOptions) => AsyncIterable<TextExample>;

// Split strings are checked by each loader (a clear error names the valid ones).
const LOADERS = new Map<string, Loader>([
  ['imdb', (split, o) => imdb({ ...o, ...(split ? { split: split as 'train' } : {}) })],
  ['ag_news', (split, o) => agNews({ ...o, ...(split ? { split: split as 'train' } : {}) })],
  ['bbc', (split, o) => bbcNews({ ...o, ...(split ? { split: split as 'train' } : {}) })],
  [
    '20newsgroups',
    (split, o) => newsgroups({ ...o, ...(split ? { split: split as 'train' } : {}) }),
  ],
]);

/** Whether `id` names a built-in dataset `preview` can read. */
export function isPreviewDataset(id: string): boolean {
  return LOADERS.has(id);
}

/** Yields one printable line per example: `<label>\t<escaped, cut text>`. */
export async function* previewLines(req: PreviewRequest): AsyncGenerator<string> {
  const loader = LOADERS.get(req.source);
  const examples: AsyncIterable<TextExample & { labelName?: string }> = loader
    ? loader(req.split, req.sourceOptions)
    : tabular({
        path: req.source,
        text: req.text ?? 'text',
        label: req.label ?? 'label',
        ...(req.format ? { format: req.format } : {}),
        ...(req.split ? { split: req.split } : {}),
        ...(req.sourceOptions.limits ? { limits: req.sourceOptions.limits } : {}),
      });
  let i = 0;
  for await (const ex of examples) {
    if (i++ >= req.n) break;
    const cut = req.width > 0 && ex.text.length > req.width;
    const text = cut ? `${ex.text.slice(0, req.width)}…` : ex.text;
    const label = ex.labelName ?? req.labels?.[ex.label] ?? String(ex.label);
    yield `${escapeForTerminal(label)}\t${escapeForTerminal(text)}`;
  }
}
