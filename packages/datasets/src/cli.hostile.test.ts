// The datasets CLI with careless and hostile command lines and files, one case per line:
// arguments, a file to create first, the exit code, and fragments of stdout / stderr.
// Every case also checks that nothing printed holds a raw control or bidi character
// (besides the tab and newline the CLI writes itself) and that stderr has no stack trace.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../test/fixtures.js';
import { main } from './cli.js';

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  return { stream, text: () => chunks.join('') };
}

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(() => cleanup());

const EVIL =
  'text,label\n"\x1b]0;pwned\x07\x1b[2Jclear\u202Eevil\x9B31m\r\nline2\x00",pos\nok,"\x1b[31mneg"\n';
const LONG = `text,label\n${'word '.repeat(100)},pos\n`;
const utf16 = Buffer.concat([
  Buffer.from([0xff, 0xfe]),
  Buffer.from('text,label\nhéllo,pos\n', 'utf16le'),
]);
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding raw controls is the point
const UNSAFE = /[\x00-\x08\x0B-\x1F\x7F-\x9F\u061C\u200E\u200F\u2028-\u202E\u2066-\u2069]/;

// [case, argv ($ = the temp folder), file to write first [name, bytes], exit code, stdout, stderr]
// biome-ignore format: one case per line, as a table
const CASES: [string, string[], [string, string | Buffer] | null, number, RegExp | null, RegExp | null][] = [
  ['unknown flag: one line and the usage', ['info', 'imdb', '--frob'], null, 2, null, /^tfnlp-datasets: Unknown option '--frob'\nusage: /],
  ['unknown short flag', ['-x'], null, 2, null, /^tfnlp-datasets: Unknown option '-x'\nusage: /],
  ['dataset "constructor" is not Object.prototype.constructor', ['info', 'constructor'], null, 2, null, /^tfnlp-datasets: unknown dataset "constructor"\n/],
  ['dataset "__proto__"', ['fetch', '__proto__'], null, 2, null, /unknown dataset "__proto__"/],
  ['unknown command', ['frobnicate', 'imdb'], null, 2, null, /unknown command "frobnicate"/],
  ['a stray extra argument', ['info', 'imdb', 'bbc'], null, 2, null, /unexpected argument "bbc"/],
  ['negative --width is a value (whole text), not "ambiguous"', ['preview', '$/long.csv', '--width', '-1'], ['long.csv', LONG], 0, /^pos\t(word ){99}word \n$/, null],
  ['negative --n: a clear bound, not "ambiguous"', ['preview', '$/long.csv', '--n', '-3'], ['long.csv', LONG], 2, null, /--n "-3" is not an integer >= 1/],
  ['--n that is not a number', ['preview', '$/long.csv', '--n=lots'], ['long.csv', LONG], 2, null, /--n "lots" is not an integer >= 1/],
  ['--width cuts the text', ['preview', '$/long.csv', '--width', '9'], ['long.csv', LONG], 0, /^pos\tword word…\n$/, null],
  ['escape sequences, C1 CSI, bidi override, CR and NUL in a preview are escaped', ['preview', '$/evil.csv'], ['evil.csv', EVIL], 0, /^pos\t\\x1B\]0;pwned\\x07\\x1B\[2Jclear\\u202Eevil\\x9B31m\\r\\nline2\\x00\n\\x1B\[31mneg\tok\n$/, null],
  ['UTF-16 CSV preview', ['preview', '$/u16.csv'], ['u16.csv', utf16], 0, /^pos\théllo\n$/, null],
  ['a missing file is named', ['preview', '$/nope.csv'], null, 1, null, /^tfnlp-datasets: .*nope\.csv/],
  ['a file name with an escape sequence is printed escaped', ['preview', '$/\x1b[2Jx.csv'], null, 1, null, /\\x1B\[2Jx\.csv/],
  ['corrupt JSONL names the file and line', ['preview', '$/bad.jsonl'], ['bad.jsonl', '{"text":"a","label":"b"}\n{nope\n'], 1, null, /^tfnlp-datasets: bad\.jsonl line 2: not valid JSON/],
  ['/dev/zero as a CSV', ['preview', '/dev/zero', '--format', 'csv'], null, 1, null, /^tfnlp-datasets: zero is not a regular file \(\/dev\/zero\)/],
  ['a bad --format', ['preview', '$/long.csv', '--format', 'xls'], null, 2, null, /--format "xls": use csv, tsv or jsonl/],
  ['--sha256 that is not a digest', ['fetch', 'imdb', '--cache-dir', '$', '--url', 'http://127.0.0.1:9/x', '--sha256', 'abc'], null, 1, null, /^tfnlp-datasets: imdb: remote\.sha256 "abc" is not a hex sha256 digest/],
];

describe('tfnlp-datasets with hostile input', () => {
  it.each(CASES)('%s', async (_name, argv, file, code, stdout, stderr) => {
    if (file) await writeFile(join(dir, file[0]), file[1]);
    const out = capture();
    const err = capture();
    const args = argv.map((a) => (a.startsWith('$') ? dir + a.slice(1) : a));
    expect(await main(args, out.stream, err.stream)).toBe(code);
    if (stdout) expect(out.text()).toMatch(stdout);
    if (stderr) expect(err.text()).toMatch(stderr);
    expect(err.text()).not.toMatch(/\n\s+at /); // no stack trace
    if (code !== 2) expect(err.text().split('\n').filter(Boolean).length).toBeLessThanOrEqual(1);
    expect(out.text()).not.toMatch(UNSAFE);
    expect(err.text()).not.toMatch(UNSAFE);
  });
});
