import type { Decoder } from './decoder.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Turns runs of `<0xNN>` byte tokens back into text (HF `ByteFallback`):
 * ["<0xE2>", "<0x82>", "<0xAC>", "x"] -> ["€", "x"]. A run that is not valid UTF-8 becomes
 * one U+FFFD per byte, as HF does.
 */
export class ByteFallbackDecoder implements Decoder {
  readonly type = 'ByteFallback';

  decodeChain(tokens: string[]): string[] {
    const out: string[] = [];
    const bytes: number[] = [];
    const flush = () => {
      if (bytes.length === 0) return;
      try {
        out.push(utf8.decode(Uint8Array.from(bytes)));
      } catch {
        for (let k = 0; k < bytes.length; k++) out.push('\ufffd');
      }
      bytes.length = 0;
    };
    for (const t of tokens) {
      const b =
        t.length === 6 &&
        t.startsWith('<0x') &&
        t[5] === '>' &&
        /^[0-9A-Fa-f]{2}$/.test(t.slice(3, 5))
          ? Number.parseInt(t.slice(3, 5), 16)
          : -1;
      if (b >= 0) bytes.push(b);
      else {
        flush();
        out.push(t);
      }
    }
    flush();
    return out;
  }

  decode(tokens: string[]): string {
    return this.decodeChain(tokens).join('');
  }

  toJSON() {
    return { type: this.type };
  }
}
