/** Last stage, for `decode`: turns tokens back into text. */
export interface Decoder {
  readonly type: string;
  decode(tokens: string[]): string;
  toJSON(): Record<string, unknown>;
}
