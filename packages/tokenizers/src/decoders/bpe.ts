import type { Decoder } from './decoder.js';

/**
 * Turns the end-of-word suffix back into spaces (HF `BPEDecoder`), none after the last token:
 * BPEDecoder('</w>'): ["hel", "lo</w>", "you</w>"] -> "hello you".
 */
export class BpeDecoder implements Decoder {
  readonly type = 'BPEDecoder';

  constructor(readonly suffix = '</w>') {}

  decodeChain(tokens: string[]): string[] {
    const n = tokens.length - 1;
    return tokens.map((t, i) => t.replaceAll(this.suffix, i === n ? '' : ' '));
  }

  decode(tokens: string[]): string {
    return this.decodeChain(tokens).join('');
  }

  toJSON() {
    return { type: this.type, suffix: this.suffix };
  }
}
