// Byte order marks and UTF-16: what Excel ("Unicode text"), Notepad and PowerShell write.
// Browser-safe (TextDecoder only).
import { DecodeError } from './decode-error.js';

/** The encoding a byte order mark announces; `length` is the mark's size in bytes. */
export interface Bom {
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
  length: number;
}

/** The BOM at the start of `bytes`, if any. */
export function sniffBom(bytes: Uint8Array): Bom | undefined {
  const [a, b, c] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/**
 * Throws when text starts like UTF-16 without a BOM (an ASCII character and a NUL, twice):
 * read as UTF-8 it would be every other character NUL, silently.
 */
export function refuseBomlessUtf16(bytes: Uint8Array, file: string): void {
  if (bytes.length < 4) return;
  const [a, b, c, d] = bytes as unknown as [number, number, number, number];
  const le = a !== 0 && b === 0 && c !== 0 && d === 0;
  const be = a === 0 && b !== 0 && c === 0 && d !== 0;
  if (!le && !be) return;
  const enc = le ? 'UTF-16LE' : 'UTF-16BE';
  throw new DecodeError(
    file,
    le ? 1 : 0,
    0,
    `${file} looks like ${enc} text without a byte order mark; save it as UTF-8 (or UTF-16 with a BOM) and try again.`,
  );
}

/**
 * A streaming UTF-16 decoder (BOM already removed) that throws DecodeError on an unpaired
 * surrogate when `fatal`, naming the file and the encoding.
 */
export function utf16Decoder(
  encoding: 'utf-16le' | 'utf-16be',
  fatal: boolean,
  file: string,
): (bytes: Uint8Array, final: boolean) => string {
  const decoder = new TextDecoder(encoding, { fatal, ignoreBOM: true });
  let offset = 0;
  return (bytes, final) => {
    try {
      const text = decoder.decode(bytes, { stream: !final });
      offset += bytes.length;
      return text;
    } catch {
      throw new DecodeError(
        file,
        offset,
        0,
        `${file}: the text is marked ${encoding.toUpperCase()} (byte order mark) but is not valid ${encoding.toUpperCase()} near byte ${offset}; re-save it, or pass encoding: 'utf-8' to replace bad characters.`,
      );
    }
  };
}
