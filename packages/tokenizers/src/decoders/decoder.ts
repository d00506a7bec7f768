/** Last stage, for `decode`: turns tokens back into text. */
export interface Decoder {
  /** The `type` of this stage in tokenizer.json. */
  readonly type: string;
  /** Text of a token sequence. */
  decode(tokens: string[]): string;
  /** The stage's JSON form in a Hugging Face tokenizer.json. */
  toJSON(): Record<string, unknown>;
}
