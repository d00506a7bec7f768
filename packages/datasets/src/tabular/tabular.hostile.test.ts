// Hostile and careless tables, one case per line: the file's bytes, how `tabular` reads it,
// and the rows (text | label) or the error class + message fragment. Oversize inputs run in
// a child process (10 s, peak RSS < 1 GB) against dist.
import { truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, tempDir } from '../../test/fixtures.js';
import { runInChild } from '../../test/hostile.js';
import { type TabularOptions, tabular } from '../datasets/tabular.js';
import { FormatError } from './format-error.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(() => cleanup());

const b = (s: string) => Buffer.from(s, 'utf8');
const utf16le = (s: string) =>
  Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
const utf16be = (s: string) => Buffer.from(utf16le(s).swap16());
const CSV = 'text,label\nhello,pos\nbye,neg\n';
const JSONL = '{"text":"hello","label":"pos"}\n{"text":"bye","label":"neg"}\n';
const OK = ['hello|pos', 'bye|neg'];
const byName = { text: 'text', label: 'label' } as const;

type Want = string[] | [new (...a: never[]) => Error, RegExp];
// [case, file name, bytes, options beyond the path, rows "text|label" or [error class, fragment]]
// biome-ignore format: one case per line, as a table
const CASES: [string, string, Buffer, Partial<TabularOptions>, Want][] = [
  ['CSV with a UTF-8 BOM (Excel "CSV UTF-8")', 'bom.csv', b(`\uFEFF${CSV}`), byName, OK],
  ['CSV with CRLF line ends', 'crlf.csv', b(CSV.replace(/\n/g, '\r\n')), byName, OK],
  ['CSV with mixed LF and CRLF: no "pos\\r" class', 'mixed.csv', b('text,label\nhello,pos\r\nbye,neg\nx,pos\r\n'), byName, ['hello|pos', 'bye|neg', 'x|pos']],
  ['CSV with CR-only line ends (old Mac)', 'cr.csv', b(CSV.replace(/\n/g, '\r')), byName, OK],
  ['CSV, BOM + CRLF + a quoted CRLF inside a field', 'q.csv', b('\uFEFFtext,label\r\n"a\r\nb",pos\r\nbye,neg\r\n'), byName, ['a\r\nb|pos', 'bye|neg']],
  ['TSV in UTF-16LE with BOM (Excel "Unicode text")', 'u16.tsv', utf16le('text\tlabel\r\nhéllo ✓\tpos\r\nbye\tneg\r\n'), byName, ['héllo ✓|pos', 'bye|neg']],
  ['CSV in UTF-16BE with BOM', 'u16be.csv', utf16be(`${CSV}😀,pos\n`), byName, [...OK, '😀|pos']],
  ['UTF-16LE without a BOM is refused by name', 'nobom.csv', Buffer.from(CSV, 'utf16le'), byName, [Error, /nobom\.csv looks like UTF-16LE text without a byte order mark/]],
  ['UTF-16 with an unpaired surrogate', 'sur.csv', Buffer.concat([utf16le('text,label\n'), Buffer.from([0x00, 0xd8]), Buffer.from(',pos\n', 'utf16le')]), byName, [Error, /sur\.csv: the text is marked UTF-16LE .* but is not valid UTF-16LE/]],
  ['invalid UTF-8 byte under the strict default', 'bad.csv', Buffer.concat([b('text,label\nh'), Buffer.from([0xff]), b(',pos\n')]), byName, [Error, /bad\.csv line 2: byte 0xFF at offset 1 is not valid UTF-8/]],
  ['invalid UTF-8 with the replace policy', 'bad2.csv', Buffer.concat([b('text,label\nh'), Buffer.from([0xff]), b(',pos\nx,neg\n')]), { ...byName, encoding: 'utf-8' }, ['h\uFFFD|pos', 'x|neg']],
  ['NUL bytes inside a field are kept as text', 'nul.csv', b('text,label\na\u0000b,pos\nc,neg\n'), byName, ['a\u0000b|pos', 'c|neg']],
  ['labels named __proto__ and constructor are ordinary classes', 'proto.csv', b('text,label\na,__proto__\nb,constructor\n'), byName, ['a|__proto__', 'b|constructor']],
  ['a column named __proto__', 'pcol.csv', b('__proto__,label\na,x\nb,y\n'), { text: '__proto__', label: 'label' }, ['a|x', 'b|y']],
  ['unclosed quote', 'open.csv', b('text,label\n"hello,pos\nbye,neg\n'), byName, [Error, /open\.csv line \d+: Quote Not Closed/]],
  ['a quote inside an unquoted field (no CSV_ code in csv-parse)', 'q2.csv', b('text,label\nx"y,pos\n'), byName, [FormatError, /q2\.csv line 2: Invalid Opening Quote/]],
  ['ragged row', 'rag.csv', b('text,label\nhello,pos,extra\n'), byName, [Error, /rag\.csv line 2: Invalid Record Length/]],
  ['a record over a small maxRecordBytes', 'long.csv', b(`text,label\n${'x'.repeat(5000)},pos\n`), { ...byName, limits: { maxRecordBytes: 1000 } }, [Error, /long\.csv line \d: a record is over the limit of 1000 bytes \(limits\.maxRecordBytes\)/]],
  ['JSONL with a UTF-8 BOM', 'bom.jsonl', b(`\uFEFF${JSONL}`), byName, OK],
  ['JSONL with CRLF, CR-only and mixed line ends', 'ends.jsonl', b('{"text":"hello","label":"pos"}\r\n{"text":"bye","label":"neg"}\r{"text":"x","label":"pos"}\n'), byName, [...OK, 'x|pos']],
  ['JSONL in UTF-16LE with BOM', 'u16.jsonl', utf16le(JSONL), byName, OK],
  ['JSONL row missing the column "constructor"', 'ctor.jsonl', b('{"text":"a","label":"pos"}\n'), { text: 'constructor', label: 'label' }, [Error, /ctor\.jsonl line 1: field "constructor" is missing or not a string\/number/]],
  ['JSONL row missing "toString" / "__proto__"', 'ts.jsonl', b('{"text":"a","label":"pos"}\n'), { text: ['toString', '__proto__'], label: 'label' }, [Error, /field "toString" is missing/]],
  ['JSONL row with an own "__proto__" key', 'own.jsonl', b('{"__proto__":"a","label":"pos"}\n{"__proto__":"b","label":"neg"}\n'), { text: '__proto__', label: 'label' }, ['a|pos', 'b|neg']],
  ['JSONL line that is an array', 'arr.jsonl', b('["a","pos"]\n'), byName, [Error, /arr\.jsonl line 1: expected a JSON object/]],
  ['JSONL with 100,000-deep nesting', 'deep.jsonl', b(`${'{"text":'.repeat(100_000)}1${'}'.repeat(100_000)}\n`), byName, [Error, /deep\.jsonl line 1: field "text" is missing or not a string\/number/]],
  ['JSONL line that is not JSON, after CRLF lines', 'bad.jsonl', b(`${JSONL.replace(/\n/g, '\r\n')}{oops\r\n`), byName, [Error, /bad\.jsonl line 3: not valid JSON/]],
  ['JSONL line over a small maxRecordBytes', 'long.jsonl', b(`{"text":"${'x'.repeat(5000)}","label":"a"}\n`), { ...byName, limits: { maxRecordBytes: 1000 } }, [Error, /long\.jsonl line 1 is over the limit of 1000 bytes/]],
  ['a record with more fields than a small maxFields', 'wide.csv', b(`text,label\n${'a,'.repeat(50)}b\n`), { ...byName, limits: { maxFields: 10 } }, [Error, /wide\.csv line 2: a record has more than 10 fields \(limits\.maxFields\)/]],
  ['delimiters inside quotes are not fields', 'qwide.csv', b(`text,label\n"${','.repeat(50)}",pos\n`), { ...byName, limits: { maxFields: 10 } }, [`${','.repeat(50)}|pos`]],
  ['a checksum asked for /dev/zero (hashing would never end)', 'sum.csv', b(CSV), { ...byName, path: '/dev/zero', format: 'csv', checksum: { md5: '0'.repeat(32) } }, [Error, /zero \(from the given path\) is not a regular file \(\/dev\/zero\)/]],
  ['a zero limit is refused', 'z.csv', b(CSV), { ...byName, limits: { maxRecordBytes: 0 } }, [RangeError, /limits\.maxRecordBytes must be a positive number of bytes; got 0/]],
];

describe('hostile tables (tabular: CSV, TSV, JSONL)', () => {
  it.each(CASES)('%s', async (_name, file, bytes, options, want) => {
    const path = join(dir, file);
    await writeFile(path, bytes);
    const read = collect(tabular({ path, ...options } as TabularOptions));
    if (want.length === 2 && typeof want[0] === 'function') {
      const [cls, fragment] = want as [new (...a: never[]) => Error, RegExp];
      const err = await read.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(cls);
      expect((err as Error).message).toMatch(fragment);
      expect((err as Error).message).not.toContain('\n');
    } else {
      const rows = await read;
      expect(rows.map((r) => `${r.text}|${r.labelName}`).sort()).toEqual(
        [...(want as string[])].sort(),
      );
    }
  });
});

const COUNT = (format: string) =>
  `let n = 0; for await (const _ of m.tabular({ path, format: '${format}', ${format === 'jsonl' ? "text: 'text', label: 'label'" : 'text: 0, label: 1'} })) n++; return n;`;
// [case, file name (or a device), build, reader, error name + fragment]
// biome-ignore format: one case per line, as a table
const OVERSIZE: [string, string, (f: string) => Promise<unknown>, string, [string, RegExp]][] = [
  ['CSV: 3 GiB (sparse) with no line end', 'huge.csv', (f) => writeFile(f, '').then(() => truncate(f, 3 * 2 ** 30)), COUNT('csv'), ['SizeLimitError', /huge\.csv line 1: a record is over the limit of 16777216 bytes/]],
  ['JSONL: 3 GiB (sparse) with no line end', 'huge.jsonl', (f) => writeFile(f, '').then(() => truncate(f, 3 * 2 ** 30)), COUNT('jsonl'), ['SizeLimitError', /huge\.jsonl line 1 is over the limit of 16777216 bytes/]],
  ['CSV: /dev/zero', '/dev/zero', async () => {}, COUNT('csv'), ['FormatError', /zero is not a regular file \(\/dev\/zero\)/]],
  ['JSONL: /dev/zero', '/dev/zero', async () => {}, COUNT('jsonl'), ['FormatError', /zero is not a regular file/]],
  ['CSV: 16 MB of commas on one line (16 million fields)', 'commas.csv', (f) => writeFile(f, `${','.repeat(16 * 2 ** 20 - 10)}\n`), COUNT('csv'), ['SizeLimitError', /commas\.csv line 1: a record has more than 100000 fields/]],
  ['CSV: 200 MB of one quoted field never closed', 'open.csv', (f) => writeFile(f, `"${'x'.repeat(200 * 2 ** 20)}`), COUNT('csv'), ['SizeLimitError', /open\.csv line 1: a record is over the limit/]],
];

describe('oversize tables (child process, 10 s, peak RSS < 1 GB)', () => {
  it.each(OVERSIZE)('%s', async (_name, file, build, reader, [name, fragment]) => {
    const path = file.startsWith('/') ? file : join(dir, file);
    await build(path);
    const got = runInChild(dir, reader, path);
    expect(got.crashed).toBeUndefined();
    expect(got.error?.name, JSON.stringify(got)).toBe(name);
    expect(got.error?.message).toMatch(fragment);
    expect(got.peakMb).toBeLessThan(1024);
  });
});
