// CSV / TSV rows from a file or an in-memory archive entry. csv-parse is strict RFC 4180
// (quoted fields, "" escapes, embedded newlines), streams, has no dependencies and reports
// the line of a bad row; fields come back as bytes so our decode policy sees invalid UTF-8.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { decodeText, type TextEncodingPolicy } from '../text/decode.js';

export interface DelimitedOptions {
  /** ',' for CSV, '\t' for TSV. */
  delimiter: string;
  /** Quote character, or null for none (plain TSV). */
  quote: string | null;
  encoding: TextEncodingPolicy;
  /** Name used in error messages (file, or archive:entry). */
  name: string;
  /** Text appended to format errors, e.g. the expected row shape. */
  hint?: string;
}

export interface Row {
  fields: string[];
  /** 1-based line where the record ends. */
  line: number;
}

/** A malformed CSV/TSV row, bad JSON line, unknown label or missing column; names the `file` and `line`. */
export class FormatError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'FormatError';
  }
}

export async function* readDelimited(
  input: string | Uint8Array,
  options: DelimitedOptions,
): AsyncGenerator<Row> {
  const { delimiter, quote, encoding, name, hint } = options;
  const source =
    typeof input === 'string'
      ? createReadStream(input, { highWaterMark: 1 << 20 })
      : Readable.from([input]);
  const parser = source.pipe(
    parse({
      encoding: null,
      delimiter,
      quote: quote ?? false,
      escape: quote ?? false,
      info: true,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: false,
    }),
  );
  try {
    for await (const rec of parser as AsyncIterable<{
      record: Buffer[];
      info: { lines: number };
    }>) {
      const line = rec.info.lines;
      yield {
        fields: rec.record.map((f) => decodeText(f, encoding, `${name} line ${line}`)),
        line,
      };
    }
  } catch (e) {
    const err = e as { code?: string; lines?: number; message?: string };
    if (err.code?.startsWith('CSV_')) {
      throw new FormatError(
        `${name} line ${err.lines ?? '?'}: ${err.message ?? err.code}${hint ? `. ${hint}` : ''}`,
        name,
        err.lines,
      );
    }
    throw e;
  } finally {
    source.destroy();
  }
}
