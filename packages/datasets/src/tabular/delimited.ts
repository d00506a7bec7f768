// CSV / TSV rows from a file or an in-memory archive entry. csv-parse is strict RFC 4180
// (quoted fields, "" escapes, embedded newlines), streams, has no dependencies and reports
// the line of a bad row; fields come back as bytes so our decode policy sees invalid UTF-8.
// Files as people make them: BOM and UTF-16 are handled by utf8Chunks, LF, CRLF, CR and a
// mix of them all end a record, and a record over limits.maxRecordBytes (a file with no
// line end, /dev/zero) is an error, not a string growing without bound.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { type ReadLimits, resolveLimits, SizeLimitError } from '../limits.js';
import { decodeBytes, type TextEncodingPolicy } from '../text/decode.js';
import { capFields, FieldCounter } from './field-cap.js';
import { FormatError } from './format-error.js';
import { RECORD_DELIMITERS } from './parse.js';
import { utf8Chunks } from './utf8-chunks.js';

export { FormatError } from './format-error.js';

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
  /** limits.maxRecordBytes and limits.maxFields cap one record (defaults 16 MiB, 100,000). */
  limits?: ReadLimits;
}

export interface Row {
  fields: string[];
  /** 1-based line where the record ends. */
  line: number;
}

const NON_ASCII = /[\u0080-\uFFFF]/;

/** Streams the records of a CSV/TSV file (path) or in-memory bytes, fields decoded by `encoding`. */
export async function* readDelimited(
  input: string | Uint8Array,
  options: DelimitedOptions,
): AsyncGenerator<Row> {
  const { delimiter, quote, name, hint } = options;
  const caps = resolveLimits(options.limits);
  if (typeof input === 'string') await checkRegularFile(input, name);
  const file =
    typeof input === 'string' ? createReadStream(input, { highWaterMark: 1 << 20 }) : undefined;
  const state = { encoding: options.encoding };
  const counter = new FieldCounter(delimiter, quote, caps.maxFields, name);
  const chunks = capFields(utf8Chunks(file ?? [input as Uint8Array], name, state), counter);
  const source = Readable.from(chunks, { objectMode: false });
  // csv-parse reads the bytes as Latin-1 (one char per byte, lossless): strings are ~6x
  // faster than a Buffer per field and a record of a million empty fields stays small.
  // Delimiters are ASCII or given as their UTF-8 bytes, so UTF-8 text never matches them.
  const asBytes = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
  const parser = parse({
    encoding: 'latin1',
    delimiter: asBytes(delimiter),
    quote: quote === null ? false : asBytes(quote),
    escape: quote === null ? false : asBytes(quote),
    record_delimiter: RECORD_DELIMITERS,
    info: true,
    bom: false,
    skip_empty_lines: true,
    relax_column_count: false,
    max_record_size: Math.min(caps.maxRecordBytes, 2 ** 31 - 1),
  });
  // pipe() does not forward a source error (bad UTF-16, unreadable file): do it here.
  source.once('error', (e) => parser.destroy(e));
  source.pipe(parser);
  try {
    for await (const rec of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      const line = rec.info.lines;
      yield {
        fields: rec.record.map((f) =>
          // ASCII is the same text under every policy; only other fields are decoded.
          NON_ASCII.test(f)
            ? decodeBytes(Buffer.from(f, 'latin1'), state.encoding, `${name} line ${line}`)
            : f,
        ),
        line,
      };
    }
  } catch (e) {
    const err = e as { code?: string; lines?: number; message?: string };
    if (err.code === 'CSV_MAX_RECORD_SIZE') {
      throw new SizeLimitError(
        `${name} line ${err.lines ?? '?'}: a record is over the limit of ${caps.maxRecordBytes} bytes (limits.maxRecordBytes); ` +
          'the file may have no line ends or an unclosed quote. If the record is right, raise that limit.',
        name,
        'maxRecordBytes',
      );
    }
    if (e instanceof CsvError) {
      throw new FormatError(
        `${name} line ${err.lines ?? '?'}: ${err.message ?? err.code}${hint ? `. ${hint}` : ''}`,
        name,
        err.lines,
      );
    }
    throw e;
  } finally {
    source.destroy();
    file?.destroy();
  }
}

/** A device or pipe (/dev/zero, a FIFO) is not a table: refuse it up front, by name. */
export async function checkRegularFile(path: string, name: string): Promise<void> {
  const st = await stat(path);
  if (!st.isFile()) {
    throw new FormatError(
      `${name} is not a regular file (${path}); give the path of a data file.`,
      name,
    );
  }
}
