import type { NormalizedString } from '../normalized_string.js';
import type { PreTokenizer } from './pre_tokenizer.js';

/** Runs pre-tokenizers in order, each on the pieces of the previous one. */
export class PreTokenizerSequence implements PreTokenizer {
  readonly type = 'Sequence';

  constructor(readonly preTokenizers: PreTokenizer[]) {}

  preTokenize(splits: NormalizedString[]): NormalizedString[] {
    for (const p of this.preTokenizers) splits = p.preTokenize(splits);
    return splits;
  }

  toJSON() {
    return { type: this.type, pretokenizers: this.preTokenizers.map((p) => p.toJSON()) };
  }
}
