import { CHAR_TO_BYTE } from '../pre_tokenizers/byte_level.js';
import type { Decoder } from './decoder.js';

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Maps byte-level chars back to bytes and decodes UTF-8: ["ĠHello", "Ġw", "orld"] -> " Hello world". */
export class ByteLevelDecoder implements Decoder {
  readonly type = 'ByteLevel';

  decode(tokens: string[]): string {
    const text = tokens.join('');
    const bytes = new Uint8Array(text.length);
    let n = 0;
    let out = '';
    for (let i = 0; i < text.length; i++) {
      const b = CHAR_TO_BYTE.get(text.charCodeAt(i));
      if (b !== undefined) bytes[n++] = b;
      else {
        // Not a byte-level char (e.g. an added token): flush the bytes, keep the char.
        out += utf8.decode(bytes.subarray(0, n)) + text[i];
        n = 0;
      }
    }
    return out + utf8.decode(bytes.subarray(0, n));
  }

  toJSON() {
    return { type: this.type, add_prefix_space: true, trim_offsets: true, use_regex: true };
  }
}
