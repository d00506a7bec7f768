// CSV / TSV text already in memory (a file dropped on a page, a fetched body), parsed in one
// call. Browser-safe: csv-parse's browser build (the same parser as the streaming Node
// reader, so both read a file the same way) and TextDecoder; no node:* import.
import { CsvError, parse } from 'csv-parse/browser/esm/sync';
import { DEFAULT_READ_LIMITS } from '../limits.js';
import { decodeText, type TextEncodingPolicy } from '../text/decode.js';
import { FieldCounter } from './field-cap.js';
import { FormatError } from './format-error.js';

/** Every line end people's tools write; '\r\n' first so it is one record end, not two. */
export const RECORD_DELIMITERS = ['\r\n', '\n', '\r'];

/** How `parseDelimited` reads its input. */
export interface ParseDelimitedOptions {
  /** Field separator; default ',' unless the first line has a tab and no comma (then '\t'). */
  delimiter?: string;
  /** Quote character (default '"'), or null for none (plain TSV). */
  quote?: string | null;
  /** Bytes only: how they decode (default 'utf-8-strict'). A BOM (UTF-8, UTF-16 LE/BE) always wins. */
  encoding?: TextEncodingPolicy;
  /** Name used in error messages (default 'input'). */
  name?: string;
  /** Keep records whose field count differs from the first one's (default false: an error). */
  relaxColumnCount?: boolean;
  /** Most fields in one record (default 100,000): a line of commas must not become a huge array. */
  maxFields?: number;
}

/** One record: its fields and the 1-based line where it ends. */
export interface DelimitedRecord {
  fields: string[];
  line: number;
}

/** ',' unless the first line has a tab and no comma (tab-separated text). */
export function detectDelimiter(text: string): ',' | '\t' {
  const end = text.search(/\r|\n/);
  const first = end < 0 ? text : text.slice(0, end);
  return first.includes('\t') && !first.includes(',') ? '\t' : ',';
}

/**
 * Every record of a CSV/TSV text or file's bytes (RFC 4180 quoting, "" escapes, quoted line
 * ends); blank lines are skipped. Bytes: a UTF-8 BOM is dropped, UTF-16 LE/BE with a BOM is
 * decoded, UTF-16 without one is a DecodeError. LF, CRLF, CR and any mix of them end a
 * record (a CRLF file never leaves '\r' on its last field). Errors are FormatError with the
 * line.
 */
export function parseDelimited(
  input: string | Uint8Array,
  options: ParseDelimitedOptions = {},
): DelimitedRecord[] {
  const name = options.name ?? 'input';
  let text =
    typeof input === 'string' ? input : decodeText(input, options.encoding ?? 'utf-8-strict', name);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const delimiter = options.delimiter ?? detectDelimiter(text);
  const quote = options.quote === undefined ? '"' : options.quote;
  if (delimiter.length === 0 || /[\r\n]/.test(delimiter) || delimiter === quote) {
    throw new RangeError(
      `parseDelimited: delimiter ${JSON.stringify(delimiter)} cannot be empty, a line end or the quote.`,
    );
  }
  new FieldCounter(delimiter, quote, options.maxFields ?? DEFAULT_READ_LIMITS.maxFields, name).feed(
    text,
  );
  try {
    const records = parse(text, {
      delimiter,
      quote: quote ?? false,
      escape: quote ?? false,
      record_delimiter: RECORD_DELIMITERS,
      info: true,
      bom: false,
      skip_empty_lines: true,
      relax_column_count: options.relaxColumnCount ?? false,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    return records.map((r) => ({ fields: r.record, line: r.info.lines }));
  } catch (e) {
    const err = e as { code?: string; lines?: number; message?: string };
    if (!(e instanceof CsvError)) throw e; // e.g. INVALID_OPENING_QUOTE has no CSV_ prefix
    throw new FormatError(
      `${name} line ${err.lines ?? '?'}: ${err.message ?? err.code}`,
      name,
      err.lines,
    );
  }
}
