import { describe, expect, it } from 'vitest';
import { DecodeError, decodeText, firstInvalidUtf8 } from './decode.js';

const bytes = (...b: number[]) => new Uint8Array(b);
// "a £5" with the pound sign as a raw Latin-1 byte, as in BBC sport/199.txt.
const latin1Pound = bytes(0x61, 0x20, 0xa3, 0x35);

describe('decodeText', () => {
  it('utf-8-strict names the file, offset and byte of invalid UTF-8', () => {
    expect(() => decodeText(latin1Pound, 'utf-8-strict', 'sport/199.txt')).toThrow(DecodeError);
    expect(() => decodeText(latin1Pound, 'utf-8-strict', 'sport/199.txt')).toThrow(
      /sport\/199\.txt: byte 0xA3 at offset 2 is not valid UTF-8/,
    );
    expect(decodeText(Buffer.from('café', 'utf8'), 'utf-8-strict', 'x')).toBe('café');
  });

  it('utf-8 replaces bad bytes with U+FFFD (the documented replacement)', () => {
    expect(decodeText(latin1Pound, 'utf-8', 'x')).toBe('a \uFFFD5');
  });

  it('latin1 is ISO-8859-1 (0x80-0x9F map to C1 controls, not windows-1252)', () => {
    expect(decodeText(latin1Pound, 'latin1', 'x')).toBe('a £5');
    expect(decodeText(bytes(0x93, 0xff), 'latin1', 'x')).toBe('\u0093\u00ff');
    const big = new Uint8Array(20000).fill(0xe9);
    expect(decodeText(big, 'latin1', 'x')).toBe('é'.repeat(20000));
  });

  it('utf-8-or-latin1 keeps valid UTF-8 and falls back per file', () => {
    expect(decodeText(Buffer.from('£5', 'utf8'), 'utf-8-or-latin1', 'x')).toBe('£5');
    expect(decodeText(latin1Pound, 'utf-8-or-latin1', 'x')).toBe('a £5');
  });

  it('finds the first invalid byte in overlong, surrogate and truncated sequences', () => {
    expect(firstInvalidUtf8(bytes(0x41, 0xc0, 0x80))).toBe(1); // overlong
    expect(firstInvalidUtf8(bytes(0xed, 0xa0, 0x80))).toBe(0); // surrogate
    expect(firstInvalidUtf8(bytes(0x41, 0x42, 0xe2, 0x82))).toBe(2); // cut short
    expect(firstInvalidUtf8(Buffer.from('ok €', 'utf8'))).toBe(6);
  });
});
