// parseDelimited (browser-safe, what the news page uses) with text as people and attackers
// make it, one case per line: input, options, and the records' fields or the error class +
// message fragment.
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../text/decode.js';
import { FormatError } from './format-error.js';
import { type ParseDelimitedOptions, parseDelimited } from './parse.js';

const u8 = (s: string) => new TextEncoder().encode(s);
const utf16le = (s: string) => {
  const out = new Uint8Array(2 + s.length * 2);
  out.set([0xff, 0xfe]);
  for (let i = 0; i < s.length; i++) {
    out[2 + 2 * i] = s.charCodeAt(i) & 0xff;
    out[3 + 2 * i] = s.charCodeAt(i) >> 8;
  }
  return out;
};
const utf16be = (s: string) => {
  const le = utf16le(s);
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return le;
};

type Want = string[][] | [new (...a: never[]) => Error, RegExp];
// [case, input, options, fields of every record, or [error class, fragment]]
// biome-ignore format: one case per line, as a table
const CASES: [string, string | Uint8Array, ParseDelimitedOptions, Want][] = [
  ['plain, quoted and escaped fields', 'a,b,c\n"x, y","say ""hi""",z\n"",a,\n', {}, [['a', 'b', 'c'], ['x, y', 'say "hi"', 'z'], ['', 'a', '']]],
  ['UTF-8 BOM in a string (Excel "CSV UTF-8" read as text)', '\uFEFFtext,label\na,b\n', {}, [['text', 'label'], ['a', 'b']]],
  ['UTF-8 BOM in bytes', u8('\uFEFFtext,label\na,b\n'), {}, [['text', 'label'], ['a', 'b']]],
  ['CRLF', 'a,b\r\nc,d\r\n', {}, [['a', 'b'], ['c', 'd']]],
  ['mixed LF / CRLF: no trailing \\r on the last field', 'a,pos\nb,pos\r\nc,neg\n', {}, [['a', 'pos'], ['b', 'pos'], ['c', 'neg']]],
  ['CR-only (old Mac)', 'a,b\rc,d\r', {}, [['a', 'b'], ['c', 'd']]],
  ['quoted CRLF kept inside the field', 'text,label\r\n"line one\r\nline two",a\rlast,b', {}, [['text', 'label'], ['line one\r\nline two', 'a'], ['last', 'b']]],
  ['blank lines skipped, non-Latin text and HTML kept as is', '\n\na,b\n\n\nПривет,<b>x</b>\n\n', {}, [['a', 'b'], ['Привет', '<b>x</b>']]],
  ['empty input', '', {}, []],
  ['tab-separated detected from the first line', 'text\tlabel\nhello, world\tgreeting', {}, [['text', 'label'], ['hello, world', 'greeting']]],
  ['UTF-16LE with BOM (Excel "Unicode text")', utf16le('text\tlabel\r\nhéllo\tpos\r\n'), {}, [['text', 'label'], ['héllo', 'pos']]],
  ['UTF-16BE with BOM', utf16be('a,b\nc,d\n'), {}, [['a', 'b'], ['c', 'd']]],
  ['UTF-16LE without BOM is named', utf16le('a,b\nc,d\n').subarray(2), { name: 'drop.csv' }, [DecodeError, /drop\.csv looks like UTF-16LE text without a byte order mark/]],
  ['invalid UTF-8 under the strict default', new Uint8Array([0x61, 0x2c, 0xff, 0x0a]), { name: 'x.csv' }, [DecodeError, /x\.csv: byte 0xFF at offset 2 is not valid UTF-8/]],
  ['Windows-1252 bytes with utf-8-or-latin1', new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x2c, 0x61]), { encoding: 'utf-8-or-latin1' }, [['café', 'a']]],
  ['unclosed quote names the line', 'a,b\n"open,b\nc,d', { name: 'f.csv' }, [FormatError, /f\.csv line \d: Quote Not Closed/]],
  ['text after a closing quote', 'a,b\n"x"y,b', {}, [FormatError, /input line 2: Invalid Closing Quote/]],
  ['a quote inside an unquoted field', 'a,b\nx"y,b', {}, [FormatError, /input line 2: Invalid Opening Quote/]],
  ['ragged rows are an error by default', 'a,b\nc\n', {}, [FormatError, /line 2: Invalid Record Length/]],
  ['ragged rows kept with relaxColumnCount', 'a,b\nc\nd,e,f\n', { relaxColumnCount: true }, [['a', 'b'], ['c'], ['d', 'e', 'f']]],
  ['NUL and ESC bytes are data, kept', 'a\u0000,\u001b[2J\n', {}, [['a\u0000', '\u001b[2J']]],
  ['"__proto__" and "constructor" are plain fields', '__proto__,constructor\n', {}, [['__proto__', 'constructor']]],
  ['a delimiter equal to the quote is refused', 'a,b', { delimiter: '"' }, [RangeError, /delimiter "\\"" cannot be empty, a line end or the quote/]],
  ['a newline delimiter is refused', 'a,b', { delimiter: '\n' }, [RangeError, /cannot be empty, a line end or the quote/]],
  ['16 MB of commas: refused before a 16-million-entry array is built', ','.repeat(16 * 2 ** 20), { name: 'c.csv' }, [Error, /c\.csv line 1: a record has more than 100000 fields \(limits\.maxFields\)/]],
  ['one 5 MB field without a line end', `${'x'.repeat(5e6)}`, {}, [['x'.repeat(5e6)]]],
];

describe('parseDelimited with hostile and careless text', () => {
  it.each(CASES)('%s', (_name, input, options, want) => {
    if (want.length === 2 && typeof want[0] === 'function') {
      const [cls, fragment] = want as [new (...a: never[]) => Error, RegExp];
      let err: unknown;
      try {
        parseDelimited(input, options);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(cls);
      expect((err as Error).message).toMatch(fragment);
    } else {
      expect(parseDelimited(input, options).map((r) => r.fields)).toEqual(want);
    }
  });

  it('reports the line where each record ends', () => {
    expect(parseDelimited('a,b\n\nc,d\r\ne,f').map((r) => r.line)).toEqual([1, 3, 4]);
  });
});
