// The error of the table readers (CSV, TSV, JSONL), browser-safe.

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
