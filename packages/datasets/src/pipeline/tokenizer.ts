// The tokenizer seen through the smallest interface that works: either a function from
// text to ids, or any object with `encodeBatch` (the shape @tfnlp/tokenizers exposes).
// This package does not depend on a tokenizer implementation.

/** text -> token ids. */
export type TokenizeFn = (text: string) => ArrayLike<number>;

/** A tokenizer that encodes many texts at once (faster for batch tokenizers). */
export interface BatchTokenizer {
  /** One encoding per text, in order. */
  encodeBatch(texts: string[]): ReadonlyArray<{ ids: ArrayLike<number> }>;
}

/** Either kind of tokenizer; what `collate` and `encodeTexts` accept. */
export type TokenizerLike = TokenizeFn | BatchTokenizer;

/** Encodes `texts` with either kind of tokenizer: string[n] -> ids[n]. */
export function encodeTexts(tokenizer: TokenizerLike, texts: string[]): ArrayLike<number>[] {
  if (typeof tokenizer === 'function') return texts.map((t) => tokenizer(t));
  const encoded = tokenizer.encodeBatch(texts);
  if (encoded.length !== texts.length) {
    throw new Error(
      `tokenizer.encodeBatch returned ${encoded.length} encodings for ${texts.length} texts; it must return one per text.`,
    );
  }
  return encoded.map((e) => e.ids);
}
