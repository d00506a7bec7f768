/**
 * A small RFC 4180 CSV parser for the files users drop on the Train tab. @tfnlp/datasets reads
 * CSV with csv-parse over Node streams, which a page cannot use, so this is the browser's own:
 * quoted fields with "" escapes and embedded newlines, CRLF / LF / CR line ends, a leading BOM,
 * blank lines skipped. Tab-separated text (no comma in the first line, a tab in it) is read
 * with a tab delimiter. Errors name the line.
 */

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`CSV line ${line}: ${message}`);
    this.name = 'CsvError';
  }
}

export interface CsvRecord {
  fields: string[];
  /** 1-based line where the record starts. */
  line: number;
}

/** ',' unless the first line has a tab and no comma (TSV). */
export function detectDelimiter(text: string): ',' | '\t' {
  const end = text.search(/\r|\n/);
  const first = end < 0 ? text : text.slice(0, end);
  return first.includes('\t') && !first.includes(',') ? '\t' : ',';
}

/** Every record of `text`; records that are one empty field (blank lines) are left out. */
export function parseCsv(text: string, delimiter: string = detectDelimiter(text)): CsvRecord[] {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new Error(`parseCsv: bad delimiter ${JSON.stringify(delimiter)}`);
  }
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let fields: string[] = [];
  let recordLine = 1;
  const endRecord = () => {
    if (!(fields.length === 1 && fields[0] === '')) records.push({ fields, line: recordLine });
    fields = [];
  };
  // One field per iteration; `i` is at the start of a field.
  while (i <= n) {
    if (fields.length === 0) recordLine = line;
    let value: string;
    if (text[i] === '"') {
      const quoteLine = line;
      let out = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) throw new CsvError('a quoted field is not closed', quoteLine);
        const chunk = text.slice(j, q);
        for (const c of chunk) if (c === '\n') line++;
        // A lone CR (old Mac line end) inside quotes also counts as a line.
        line += (chunk.match(/\r(?!\n)/g) ?? []).length;
        out += chunk;
        if (text[q + 1] === '"') {
          out += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      value = out;
      const next = text[i];
      if (i < n && next !== delimiter && next !== '\n' && next !== '\r') {
        throw new CsvError(
          `unexpected ${JSON.stringify(next)} after a closing quote (quotes inside a quoted field are written "")`,
          line,
        );
      }
    } else {
      let j = i;
      while (j < n) {
        const c = text[j];
        if (c === delimiter || c === '\n' || c === '\r') break;
        if (c === '"') {
          throw new CsvError('a quote inside an unquoted field (quote the whole field)', line);
        }
        j++;
      }
      value = text.slice(i, j);
      i = j;
    }
    fields.push(value);
    if (i >= n) {
      endRecord();
      break;
    }
    const c = text[i];
    if (c === delimiter) {
      i++;
      if (i === n) {
        fields.push('');
        endRecord();
        break;
      }
    } else {
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      endRecord();
      if (i === n) break;
    }
  }
  return records;
}
