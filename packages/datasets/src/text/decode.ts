// Byte -> string decoding with an explicit policy, so bad bytes are never silently mangled.
// Browser-safe: TextDecoder only (no Buffer).
import { refuseBomlessUtf16, sniffBom, utf16Decoder } from './bom.js';
import { DecodeError } from './decode-error.js';

/**
 * - 'utf-8-strict': throw DecodeError on the first invalid byte (names the file and offset).
 * - 'utf-8': invalid bytes become U+FFFD (documented replacement).
 * - 'latin1': ISO-8859-1, one byte -> one code point (U+0000..U+00FF), as scikit-learn reads
 *   20 Newsgroups. Not WHATWG's 'latin1' label, which is windows-1252.
 * - 'utf-8-or-latin1': UTF-8 when the whole file is valid UTF-8, else Latin-1 (BBC sport/199.txt).
 */
export type TextEncodingPolicy = 'utf-8-strict' | 'utf-8' | 'latin1' | 'utf-8-or-latin1';

export { DecodeError } from './decode-error.js';

const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

/**
 * A whole text file -> text with an encoding policy; `file` names the source in a
 * `DecodeError`. Under the UTF-8 policies a UTF-8 byte order mark is dropped and a UTF-16
 * one (LE or BE) decodes the file as UTF-16; UTF-16 without a mark is refused by name.
 * 'latin1' reads every byte as it is (scikit-learn's 20 Newsgroups parity).
 */
export function decodeText(bytes: Uint8Array, policy: TextEncodingPolicy, file: string): string {
  if (policy === 'latin1') return decodeLatin1(bytes);
  const bom = sniffBom(bytes);
  if (bom?.encoding === 'utf-8') return decodeBytes(bytes.subarray(3), policy, file);
  if (bom) {
    const decode = utf16Decoder(bom.encoding, policy !== 'utf-8', file);
    try {
      return decode(bytes.subarray(2), true);
    } catch (e) {
      if (policy === 'utf-8-or-latin1') return decodeLatin1(bytes);
      throw e;
    }
  }
  if (policy === 'utf-8-strict') refuseBomlessUtf16(bytes, file);
  return decodeBytes(bytes, policy, file);
}

/** Bytes -> text with a policy, no BOM handling (one field of a table, one JSONL line). */
export function decodeBytes(bytes: Uint8Array, policy: TextEncodingPolicy, file: string): string {
  switch (policy) {
    case 'utf-8':
      return lenient.decode(bytes);
    case 'latin1':
      return decodeLatin1(bytes);
    case 'utf-8-strict':
      try {
        return strict.decode(bytes);
      } catch {
        const at = firstInvalidUtf8(bytes);
        throw new DecodeError(file, at, bytes[at] ?? 0);
      }
    case 'utf-8-or-latin1':
      try {
        return strict.decode(bytes);
      } catch {
        return decodeLatin1(bytes);
      }
    default:
      throw new Error(
        `Unknown encoding policy ${JSON.stringify(policy)}; use one of utf-8-strict, utf-8, latin1, utf-8-or-latin1.`,
      );
  }
}

/** ISO-8859-1: chunked so String.fromCharCode never gets too many arguments. */
export function decodeLatin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[]);
  }
  return out;
}

/** Offset of the first byte that breaks UTF-8 (only called on the error path). */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) [n, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [n, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [n, min] = [3, 0x10000];
    else return i;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return b.length;
}
