/**
 * The one place the Train tab builds a vocabulary, so the tokenizer behind it can be swapped
 * (today: the app's word tokenizer and @tfnlp/datasets's `buildVocabulary`, as
 * scripts/train.mjs does).
 */
import { buildVocabulary } from '@tfnlp/datasets';
import { NewsTokenizer, tokenize } from '../tokenizer.js';

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
  const vocab = await buildVocabulary(
    texts.map((text) => ({ text, label: 0, split: 'train' })),
    { tokenize: (t) => tokenize(t), maxSize: vocabSize, minCount },
  );
  return new NewsTokenizer(vocab.tokens);
}
