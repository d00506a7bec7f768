import type { NormalizedString } from '../normalized_string.js';

/** Second pipeline stage: cuts normalized text into words (each keeps its alignment). */
export interface PreTokenizer {
  /** The `type` of this stage in tokenizer.json. */
  readonly type: string;
  /** Splits every piece of `splits` further; returns the new list of pieces. */
  preTokenize(splits: NormalizedString[]): NormalizedString[];
  /** The stage's JSON form in a Hugging Face tokenizer.json. */
  toJSON(): Record<string, unknown>;
}

/** Applies `split` to each piece and concatenates the results. */
export function splitEach(
  splits: NormalizedString[],
  split: (ns: NormalizedString, out: NormalizedString[]) => void,
): NormalizedString[] {
  const out: NormalizedString[] = [];
  for (const ns of splits) split(ns, out);
  return out;
}
