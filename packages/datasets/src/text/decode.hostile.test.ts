// decodeText, which reads the datasets' own text files (IMDB reviews, BBC articles, 20
// Newsgroups posts), with the encodings people's tools write. One case per line: bytes,
// policy, and the text or the error class + fragment.
import { describe, expect, it } from 'vitest';
import { DecodeError, decodeText, type TextEncodingPolicy } from './decode.js';

const b = (...x: number[]) => new Uint8Array(x);
const le = (s: string) =>
  new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]));
const be = (s: string) => new Uint8Array(Buffer.from(le(s)).swap16());

type Want = string | [new (...a: never[]) => Error, RegExp];
// biome-ignore format: one case per line, as a table
const CASES: [string, Uint8Array, TextEncodingPolicy, Want][] = [
  ['UTF-8 BOM dropped (strict)', b(0xef, 0xbb, 0xbf, 0x68, 0x69), 'utf-8-strict', 'hi'],
  ['UTF-8 BOM dropped (utf-8-or-latin1)', b(0xef, 0xbb, 0xbf, 0x68, 0x69), 'utf-8-or-latin1', 'hi'],
  ['UTF-8 BOM kept under latin1 (byte-exact, as scikit-learn)', b(0xef, 0xbb, 0xbf, 0x68), 'latin1', '\u00ef\u00bb\u00bfh'],
  ['UTF-16LE with BOM', le('Grüße ✓'), 'utf-8-strict', 'Grüße ✓'],
  ['UTF-16BE with BOM', be('Grüße ✓'), 'utf-8', 'Grüße ✓'],
  ['UTF-16LE, unpaired surrogate, strict', new Uint8Array([...le('a'), 0x00, 0xd8]), 'utf-8-strict', [DecodeError, /marked UTF-16LE .* not valid UTF-16LE/]],
  ['UTF-16LE, unpaired surrogate, replace', new Uint8Array([...le('a'), 0x00, 0xd8]), 'utf-8', 'a\uFFFD'],
  ['UTF-16LE without BOM, strict: refused by name', new Uint8Array(Buffer.from('hello', 'utf16le')), 'utf-8-strict', [DecodeError, /looks like UTF-16LE text without a byte order mark/]],
  ['UTF-16BE without BOM, strict: refused by name', new Uint8Array(Buffer.from('hello', 'utf16le').swap16()), 'utf-8-strict', [DecodeError, /looks like UTF-16BE/]],
  ['invalid UTF-8, strict: offset and byte', b(0x61, 0xc3, 0x28), 'utf-8-strict', [DecodeError, /byte 0xC3 at offset 1 is not valid UTF-8/]],
  ['overlong UTF-8 NUL, strict', b(0xc0, 0x80), 'utf-8-strict', [DecodeError, /byte 0xC0 at offset 0/]],
  ['UTF-8 encoded surrogate, strict', b(0xed, 0xa0, 0x80), 'utf-8-strict', [DecodeError, /byte 0xED at offset 0/]],
  ['invalid UTF-8, utf-8-or-latin1 falls back', b(0x63, 0x61, 0x66, 0xe9), 'utf-8-or-latin1', 'café'],
  ['CRLF and CR kept as written (parity with the published corpora)', new TextEncoder().encode('a\r\nb\rc'), 'utf-8-strict', 'a\r\nb\rc'],
  ['NUL bytes kept', b(0x61, 0x00, 0x62), 'utf-8-strict', 'a\u0000b'],
];

describe('decodeText with hostile and careless bytes', () => {
  it.each(CASES)('%s', (_name, bytes, policy, want) => {
    if (typeof want === 'string') {
      expect(decodeText(bytes, policy, 'f.txt')).toBe(want);
    } else {
      expect(() => decodeText(bytes, policy, 'f.txt')).toThrow(want[0]);
      expect(() => decodeText(bytes, policy, 'f.txt')).toThrow(want[1]);
    }
  });
});
