// Generic text classification from a CSV, TSV or JSONL file: the user names the text
// column(s) and the label column, by header name or 0-based index.
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ReadLimits } from '../limits.js';
import { type Checksum, verifyFile } from '../source/checksum.js';
import { FormatError, readDelimited } from '../tabular/delimited.js';
import { readJsonl } from '../tabular/jsonl.js';
import type { TextEncodingPolicy } from '../text/decode.js';
import type { TextExample } from '../types.js';
import type { DatasetCard } from './card.js';

/** A column: its header name (CSV/TSV), its 0-based index, or a JSONL key. */
export type Column = string | number;
/** File formats `tabular` reads; taken from the extension unless given. */
export type TabularFormat = 'csv' | 'tsv' | 'jsonl';

/** Your file, its format, and which columns hold the text and the label. */
export interface TabularOptions {
  path: string;
  /** Default: from the extension (.csv, .tsv/.tab, .jsonl/.ndjson). */
  format?: TabularFormat;
  /** Text column, or several joined with `textSeparator`. */
  text: Column | readonly Column[];
  label: Column;
  /** CSV/TSV: the first row names the columns (default: true when a column is given by name). */
  header?: boolean;
  /**
   * Label order: the value labels[i] becomes label i; other values are an error.
   * Default: the distinct values of the file (one extra pass), numerically ascending
   * when all are numbers, else in code-unit order. `tabularLabels()` returns that list.
   */
  labels?: readonly string[];
  /** Default ',' (csv) / '\t' (tsv). */
  delimiter?: string;
  /** Default '"' for CSV, none for TSV. */
  quote?: string | null;
  textSeparator?: string;
  /** Default 'utf-8-strict'. */
  encoding?: TextEncodingPolicy;
  /** Written on each example (default 'train'). */
  split?: string;
  checksum?: Checksum;
  /** limits.maxRecordBytes caps one CSV/TSV record or JSONL line (default 16 MiB). */
  limits?: ReadLimits;
}

export interface TabularExample extends TextExample {
  /** The label as written in the file. */
  labelName: string;
  /** "<split>/<line>". */
  key: string;
  split: string;
}

interface RawRow {
  text: string;
  label: string;
  line: number;
}

/** Streams the file's rows as examples in file order. */
export async function* tabular(options: TabularOptions): AsyncGenerator<TabularExample> {
  if (options.checksum) await verifyFile(options.path, options.checksum, 'the given path');
  const labels = options.labels ?? (await tabularLabels(options));
  const index = new Map(labels.map((l, i) => [l, i]));
  const split = options.split ?? 'train';
  const name = basename(options.path);
  for await (const row of readRows(options)) {
    const label = index.get(row.label);
    if (label === undefined) {
      throw new FormatError(
        `${name} line ${row.line}: label ${JSON.stringify(row.label)} is not one of the given labels [${labels.join(', ')}].`,
        name,
        row.line,
      );
    }
    yield { text: row.text, label, labelName: row.label, split, key: `${split}/${row.line}` };
  }
}

/** The distinct label values in the file, in the default label order. */
export async function tabularLabels(options: TabularOptions): Promise<string[]> {
  const seen = new Set<string>();
  for await (const row of readRows(options)) seen.add(row.label);
  const values = [...seen];
  const numeric =
    values.length > 0 && values.every((v) => v.trim() !== '' && Number.isFinite(Number(v)));
  return numeric
    ? values.sort((a, b) => Number(a) - Number(b))
    : values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

async function* readRows(options: TabularOptions): AsyncGenerator<RawRow> {
  const format = options.format ?? formatFromName(options.path);
  const name = basename(options.path);
  const encoding = options.encoding ?? 'utf-8-strict';
  const textCols = Array.isArray(options.text)
    ? (options.text as readonly Column[])
    : [options.text as Column];
  const sep = options.textSeparator ?? ' ';
  if (format === 'jsonl') {
    for (const c of [...textCols, options.label]) {
      if (typeof c !== 'string')
        throw new Error(`tabular: JSONL columns are object keys; got the index ${c}.`);
    }
    for await (const { value, line } of readJsonl(options.path, encoding, name, options.limits)) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new FormatError(`${name} line ${line}: expected a JSON object.`, name, line);
      }
      const obj = value as Record<string, unknown>;
      const get = (c: string): string => {
        // Own keys only: a row without "constructor" must not read Object's constructor.
        const v = Object.hasOwn(obj, c) ? obj[c] : undefined;
        if (v === undefined || v === null || typeof v === 'object') {
          throw new FormatError(
            `${name} line ${line}: field ${JSON.stringify(c)} is missing or not a string/number.`,
            name,
            line,
          );
        }
        return String(v);
      };
      yield {
        text: textCols.map((c) => get(c as string)).join(sep),
        label: get(options.label as string),
        line,
      };
    }
    return;
  }
  const header = options.header ?? [...textCols, options.label].some((c) => typeof c === 'string');
  const delimiter = options.delimiter ?? (format === 'tsv' ? '\t' : ',');
  const quote = options.quote !== undefined ? options.quote : format === 'tsv' ? null : '"';
  let columns: string[] | undefined;
  let textIdx: number[] = [];
  let labelIdx = -1;
  const resolve = (c: Column, width: number): number => {
    if (typeof c === 'number') {
      if (!Number.isInteger(c) || c < 0 || c >= width) {
        throw new FormatError(
          `${name}: column index ${c} is out of range (rows have ${width} fields).`,
          name,
        );
      }
      return c;
    }
    if (!columns)
      throw new Error(
        `tabular: column ${JSON.stringify(c)} is a name, but header: false; give a 0-based index.`,
      );
    const i = columns.indexOf(c);
    if (i < 0)
      throw new FormatError(
        `${name}: no column ${JSON.stringify(c)}; the header has ${columns.join(', ')}.`,
        name,
      );
    return i;
  };
  for await (const { fields, line } of readDelimited(options.path, {
    delimiter,
    quote,
    encoding,
    name,
    limits: options.limits,
  })) {
    if (header && !columns) {
      columns = fields.map((f) => f.trim());
      continue;
    }
    if (labelIdx < 0) {
      textIdx = textCols.map((c) => resolve(c, fields.length));
      labelIdx = resolve(options.label, fields.length);
    }
    yield { text: textIdx.map((i) => fields[i]!).join(sep), label: fields[labelIdx]!, line };
  }
}

function formatFromName(path: string): TabularFormat {
  const lower = path.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.tsv') || lower.endsWith('.tab')) return 'tsv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  throw new Error(
    `tabular: cannot tell the format of ${basename(path)} from its name; pass format: 'csv', 'tsv' or 'jsonl'.`,
  );
}

/** What a card says about your own file (the rest is counted from the file). */
export interface TabularCardInfo {
  id: string;
  title?: string;
  description?: string;
  homepage?: string;
  citation?: string;
  license?: string;
}

/**
 * A dataset card for your own file: label order (as `tabular` uses it), example count and
 * per-class counts read from the file, plus what you state about origin and licence.
 */
export async function tabularCard(
  options: TabularOptions,
  info: TabularCardInfo,
): Promise<DatasetCard> {
  const labels = options.labels ?? (await tabularLabels(options));
  const split = options.split ?? 'train';
  const perClass = new Array<number>(labels.length).fill(0);
  let n = 0;
  for await (const ex of tabular({ ...options, labels })) {
    perClass[ex.label]!++;
    n++;
  }
  return {
    id: info.id,
    title: info.title ?? info.id,
    description: info.description ?? `Text classification from ${basename(options.path)}.`,
    homepage: info.homepage ?? '',
    citation: info.citation ?? '',
    license: info.license ?? 'not stated',
    labels,
    splits: { [split]: n },
    perClass: { [split]: perClass },
    files: {
      [split]: {
        filename: basename(options.path),
        url: pathToFileURL(options.path).href,
        ...(options.checksum?.md5 ? { md5: options.checksum.md5 } : {}),
        ...(options.checksum?.sha256 ? { sha256: options.checksum.sha256 } : {}),
        ...(options.checksum?.size !== undefined ? { size: options.checksum.size } : {}),
      },
    },
    notes: [
      options.labels
        ? 'Label order: as given (labels[i] is label i).'
        : 'Label order: the distinct values of the label column, numerically ascending when all are numbers, else in code-unit order.',
    ],
  };
}
