import type { NormalizedString } from '../normalized_string.js';

/** First pipeline stage: rewrites the text while `NormalizedString` tracks alignments. */
export interface Normalizer {
  /** The `type` of this stage in tokenizer.json. */
  readonly type: string;
  /** The normalized string (a new one, or `ns` itself when nothing changes). */
  normalize(ns: NormalizedString): NormalizedString;
  /** The stage's JSON form in a Hugging Face tokenizer.json. */
  toJSON(): Record<string, unknown>;
}
