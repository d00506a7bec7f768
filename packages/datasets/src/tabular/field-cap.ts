// Caps the fields of one CSV/TSV record before csv-parse builds it: a line of 16 million
// commas is a 16 MB file but a 16-million-entry array (over 1 GB) once parsed. A small
// quote-aware scan counts delimiters per record ahead of the parser. Browser-safe.
import { SizeLimitError } from '../limits.js';

const LF = 0x0a;
const CR = 0x0d;

/** Counts fields per record over successive chunks; throws SizeLimitError past `maxFields`. */
export class FieldCounter {
  private fields = 1;
  private inQuote = false;
  private line = 1;

  /**
   * `delimiter` and `quote` as single UTF-16 code units / bytes (a longer one disables the
   * scan: csv-parse's record cap still bounds memory then).
   */
  constructor(
    private readonly delimiter: string,
    private readonly quote: string | null,
    private readonly maxFields: number,
    private readonly name: string,
  ) {}

  /** Scans `chunk` (bytes, or text): an escaped quote ("") toggles twice, so it stays inside. */
  feed(chunk: Uint8Array | string): void {
    if (this.delimiter.length !== 1 || (this.quote !== null && this.quote.length !== 1)) return;
    const d = this.delimiter.charCodeAt(0);
    const q = this.quote === null ? -1 : this.quote.charCodeAt(0);
    // Bytes: a non-ASCII delimiter is several UTF-8 bytes; leave it to csv-parse's record cap.
    if (typeof chunk !== 'string' && (d > 0x7f || q > 0x7f)) return;
    const at =
      typeof chunk === 'string' ? (i: number) => chunk.charCodeAt(i) : (i: number) => chunk[i]!;
    let { fields, inQuote, line } = this;
    for (let i = 0; i < chunk.length; i++) {
      const c = at(i);
      if (c === q) inQuote = !inQuote;
      else if (c === LF || c === CR) {
        if (c === LF || at(i + 1) !== LF) line++;
        if (!inQuote) fields = 1;
      } else if (c === d && !inQuote && ++fields > this.maxFields) {
        throw new SizeLimitError(
          `${this.name} line ${line}: a record has more than ${this.maxFields} fields (limits.maxFields); ` +
            'is the delimiter right? If the record is, raise that limit.',
          this.name,
          'maxFields',
        );
      }
    }
    Object.assign(this, { fields, inQuote, line });
  }
}

/** Passes `chunks` through, scanning each with a FieldCounter. */
export async function* capFields(
  chunks: AsyncIterable<Uint8Array>,
  counter: FieldCounter,
): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    counter.feed(chunk);
    yield chunk;
  }
}
