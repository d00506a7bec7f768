import type { Encoding } from '../encoding.js';

/** Fourth stage: adds special tokens ([CLS] ... [SEP]) and merges a pair into one Encoding. */
export interface PostProcessor {
  readonly type: string;
  /** How many tokens `process` adds for a single input or a pair. */
  addedTokens(isPair: boolean): number;
  process(a: Encoding, b: Encoding | null, addSpecialTokens: boolean): Encoding;
  toJSON(): Record<string, unknown>;
}
