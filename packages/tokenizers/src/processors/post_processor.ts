import type { Encoding } from '../encoding.js';

/** Fourth stage: adds special tokens ([CLS] ... [SEP]) and merges a pair into one Encoding. */
export interface PostProcessor {
  /** The `type` of this stage in tokenizer.json. */
  readonly type: string;
  /** How many tokens `process` adds for a single input or a pair. */
  addedTokens(isPair: boolean): number;
  /** One Encoding from the encoded input(s), with special tokens when `addSpecialTokens`. */
  process(a: Encoding, b: Encoding | null, addSpecialTokens: boolean): Encoding;
  /** The stage's JSON form in a Hugging Face tokenizer.json. */
  toJSON(): Record<string, unknown>;
}
