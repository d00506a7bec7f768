import type { Decoder } from './decoder.js';

/** Joins all tokens into one (HF `Fuse`), so later decoders in a Sequence see one string. */
export class FuseDecoder implements Decoder {
  readonly type = 'Fuse';

  decodeChain(tokens: string[]): string[] {
    return [tokens.join('')];
  }

  decode(tokens: string[]): string {
    return tokens.join('');
  }

  toJSON() {
    return { type: this.type };
  }
}
