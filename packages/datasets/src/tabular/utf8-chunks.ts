// The bytes of a CSV/TSV/JSONL file as the parsers want them: a UTF-8 byte order mark
// dropped (Excel's "CSV UTF-8"), UTF-16 LE/BE with a BOM (Excel's "Unicode text") decoded
// and re-encoded as UTF-8, UTF-16 without one refused by name. Browser-safe.
import { refuseBomlessUtf16, sniffBom, utf16Decoder } from '../text/bom.js';
import type { TextEncodingPolicy } from '../text/decode.js';

/** The policy to decode the yielded bytes with: UTF-16 input was decoded (checked) already. */
export interface ChunkState {
  encoding: TextEncodingPolicy;
}

const utf8 = new TextEncoder();

/** Yields `source` as UTF-8 bytes without a BOM; updates `state.encoding` for UTF-16 input. */
export async function* utf8Chunks(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  name: string,
  state: ChunkState,
): AsyncGenerator<Uint8Array> {
  let head: Uint8Array | undefined = new Uint8Array(0);
  let utf16: ((bytes: Uint8Array, final: boolean) => string) | undefined;
  for await (const chunk of source) {
    let bytes = chunk;
    if (head) {
      // Sniff once at least 4 bytes are there (a BOM, or UTF-16's NUL pattern).
      bytes = concat(head, chunk);
      if (bytes.length < 4) {
        head = bytes;
        continue;
      }
      head = undefined;
      bytes = start(bytes);
    }
    if (utf16) bytes = utf8.encode(utf16(bytes, false));
    if (bytes.length) yield bytes;
  }
  if (head?.length) {
    const bytes = start(head);
    if (utf16) yield utf8.encode(utf16(bytes, true));
    else if (bytes.length) yield bytes;
  } else if (utf16) {
    const rest = utf16(new Uint8Array(0), true);
    if (rest) yield utf8.encode(rest);
  }

  function start(bytes: Uint8Array): Uint8Array {
    const bom = sniffBom(bytes);
    if (bom?.encoding === 'utf-16le' || bom?.encoding === 'utf-16be') {
      utf16 = utf16Decoder(bom.encoding, state.encoding !== 'utf-8', name);
      state.encoding = 'utf-8-strict';
    } else if (!bom && state.encoding !== 'latin1') {
      refuseBomlessUtf16(bytes, name);
    }
    return bytes.subarray(bom?.length ?? 0);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
