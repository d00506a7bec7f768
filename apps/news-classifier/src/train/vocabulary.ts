/**
 * The one place the Train tab builds its tokenizer: the app's @tfnlp/tokenizers word-level
 * pipeline (src/tokenizer.ts), its vocabulary trained on the training texts only, as
 * scripts/train.mjs does for the shipped models.
 */
import { NewsTokenizer } from '../tokenizer.js';

export interface VocabularyOptions {
  /** Largest vocabulary, `<pad>` and `<unk>` included. */
  vocabSize: number;
  /** Words seen fewer times become `<unk>`. */
  minCount: number;
}

/** A tokenizer whose vocabulary is built from the training texts only. */
export async function trainTokenizer(
  texts: readonly string[],
  { vocabSize, minCount }: VocabularyOptions,
): Promise<NewsTokenizer> {
  return NewsTokenizer.train(texts, { vocabSize, minCount });
}
