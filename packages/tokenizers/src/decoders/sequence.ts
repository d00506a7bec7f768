import { type Decoder, decodeChain } from './decoder.js';

/** Runs decoders one after the other on the token list (HF decoder `Sequence`). */
export class DecoderSequence implements Decoder {
  readonly type = 'Sequence';

  constructor(readonly decoders: Decoder[]) {}

  decodeChain(tokens: string[]): string[] {
    let t = tokens;
    for (const d of this.decoders) t = decodeChain(d, t);
    return t;
  }

  decode(tokens: string[]): string {
    return this.decodeChain(tokens).join('');
  }

  toJSON() {
    return { type: this.type, decoders: this.decoders.map((d) => d.toJSON()) };
  }
}
