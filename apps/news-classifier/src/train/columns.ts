/**
 * Which CSV columns hold the text and the label. A header row is recognised by its names
 * (text / label and common synonyms); without one, the text is the column with the longest
 * cells and the label the column with the fewest distinct values among the others (so
 * `label,text`, `text,label` and AG News's `class,title,description` all work).
 */
import { type DelimitedRecord, parseDelimited } from '@tfnlp/datasets';

/** Labelled texts ready for training: `labels[i]` indexes `classes`. */
export interface LabelledTexts {
  /** Shown in the model info panel, e.g. the file name. */
  name: string;
  texts: string[];
  labels: number[];
  classes: string[];
}

export interface ColumnChoice {
  text: number;
  label: number;
  /** Whether the first record is a header (names, not data). */
  header: boolean;
  /** Column names (the header's, or `column 1`, `column 2`, ...). */
  names: string[];
}

const TEXT_NAMES = [
  'text',
  'sentence',
  'content',
  'article',
  'body',
  'document',
  'review',
  'description',
  'headline',
  'title',
];
const LABEL_NAMES = ['label', 'labels', 'class', 'category', 'topic', 'target', 'sentiment', 'y'];

const norm = (s: string) => s.trim().toLowerCase();

/** Picks the text and label columns of `records` (at least two columns). */
export function detectColumns(records: DelimitedRecord[]): ColumnChoice {
  const first = records[0];
  if (!first) throw new Error('the file has no rows');
  const width = first.fields.length;
  if (width < 2) {
    throw new Error('each row needs at least two columns, a text and a label (e.g. "text,label")');
  }
  const names = first.fields.map(norm);
  const byName = (wanted: string[]) => {
    for (const w of wanted) {
      const i = names.indexOf(w);
      if (i >= 0) return i;
    }
    return -1;
  };
  const namedText = byName(TEXT_NAMES);
  const namedLabel = byName(LABEL_NAMES);
  const header = namedText >= 0 || namedLabel >= 0;
  const rows = (header ? records.slice(1) : records).filter((r) => r.fields.length === width);
  if (rows.length === 0) throw new Error('the file has a header but no data rows');
  const meanLength = (c: number) => rows.reduce((s, r) => s + r.fields[c]!.length, 0) / rows.length;
  const distinct = (c: number) => new Set(rows.map((r) => r.fields[c]!.trim())).size;
  const columns = Array.from({ length: width }, (_, c) => c);
  const longest = (among: number[]) =>
    among.reduce((best, c) => (meanLength(c) > meanLength(best) ? c : best));
  const fewest = (among: number[]) =>
    among.reduce((best, c) => {
      const d = distinct(c) - distinct(best);
      return d < 0 || (d === 0 && meanLength(c) < meanLength(best)) ? c : best;
    });
  let text = namedText;
  let label = namedLabel;
  if (text < 0) text = longest(columns.filter((c) => c !== label));
  if (label < 0) label = fewest(columns.filter((c) => c !== text));
  return {
    text,
    label,
    header,
    names: header ? first.fields.map((f) => f.trim()) : columns.map((c) => `column ${c + 1}`),
  };
}

/** Class names in a stable order: numerically when every name is a number, else alphabetically. */
function orderClasses(names: Iterable<string>): string[] {
  const all = [...names];
  const numeric = all.every((n) => n !== '' && Number.isFinite(Number(n)));
  return numeric
    ? all.sort((a, b) => Number(a) - Number(b))
    : all.sort((a, b) => a.localeCompare(b, 'en'));
}

export interface CsvDataset extends LabelledTexts {
  columns: ColumnChoice;
  /** Rows left out: a different number of columns than the first row, or an empty text or label. */
  skipped: number;
}

/**
 * Parses a dropped CSV/TSV (its bytes, or text) into labelled texts; throws a message fit to
 * show the user. @tfnlp/datasets' parseDelimited reads it: a BOM, UTF-16 (Excel's "Unicode
 * text"), CRLF / CR / mixed line ends; bytes that are not UTF-8 are read as Latin-1.
 */
export function labelledTextsFromCsv(csv: string | Uint8Array, name: string): CsvDataset {
  const records = parseDelimited(csv, {
    name,
    encoding: 'utf-8-or-latin1',
    relaxColumnCount: true,
  });
  const columns = detectColumns(records);
  const width = records[0]!.fields.length;
  const texts: string[] = [];
  const labelNames: string[] = [];
  let skipped = 0;
  for (const r of columns.header ? records.slice(1) : records) {
    const text = r.fields[columns.text]?.trim() ?? '';
    const label = r.fields[columns.label]?.trim() ?? '';
    if (r.fields.length !== width || text === '' || label === '') {
      skipped++;
      continue;
    }
    texts.push(text);
    labelNames.push(label);
  }
  const classes = orderClasses(new Set(labelNames));
  if (classes.length < 2) {
    throw new Error(
      `the label column "${columns.names[columns.label]}" has ${classes.length} distinct value(s); a classifier needs at least 2`,
    );
  }
  if (classes.length > 100) {
    throw new Error(
      `the label column "${columns.names[columns.label]}" has ${classes.length} distinct values (at most 100): is it really the label?`,
    );
  }
  const index = new Map(classes.map((c, i) => [c, i]));
  return {
    name,
    texts,
    labels: labelNames.map((l) => index.get(l)!),
    classes,
    columns,
    skipped,
  };
}
