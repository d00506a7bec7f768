/** Last stage, for `decode`: turns tokens back into text. */
export interface Decoder {
  /** The `type` of this stage in tokenizer.json. */
  readonly type: string;
  /** Text of a token sequence. */
  decode(tokens: string[]): string;
  /**
   * HF's `decode_chain`: tokens -> tokens, for use inside a decoder Sequence. Decoders
   * without it act as one step that returns `[decode(tokens)]`.
   */
  decodeChain?(tokens: string[]): string[];
  /** The stage's JSON form in a Hugging Face tokenizer.json. */
  toJSON(): Record<string, unknown>;
}

/** `d`'s decode_chain, or `[d.decode(tokens)]` for decoders that only join. */
export function decodeChain(d: Decoder, tokens: string[]): string[] {
  return d.decodeChain ? d.decodeChain(tokens) : [d.decode(tokens)];
}
