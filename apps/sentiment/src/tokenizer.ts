/**
 * The app's one tokenizer seam: text -> token ids. Today: the datasets' `wordTokenize`
 * (lowercased words, IMDB's `<br />` dropped), optionally with word bigrams, and a
 * `Vocabulary` built from the train split. Saved as `tokenizer.json` in the model folder.
 * To switch to `@tfnlp/tokenizers`, replace this module (same `SentimentTokenizer` shape).
 */

import type { TextExample } from '@tfnlp/datasets';
import { buildVocabulary, Vocabulary, wordTokenize } from '@tfnlp/datasets';
import { InputError } from './errors.js';

export const TOKENIZER_FILE = 'tokenizer.json';

export interface TokenizerConfig {
  type: 'words';
  /** 1: words; 2: words and the bigram of each adjacent pair, interleaved (w1, w1 w2, w2, ...). */
  ngrams: 1 | 2;
}

/** Words (and bigrams) of a text, in reading order. */
export function tokenize(text: string, ngrams: 1 | 2): string[] {
  const words = wordTokenize(text);
  if (ngrams === 1 || words.length < 2) return words;
  const out = new Array<string>(words.length * 2 - 1);
  let k = 0;
  for (let i = 0; i < words.length; i++) {
    if (i > 0) out[k++] = `${words[i - 1]} ${words[i]}`;
    out[k++] = words[i]!;
  }
  return out;
}

export class SentimentTokenizer {
  readonly vocabulary: Vocabulary;
  constructor(
    readonly config: TokenizerConfig,
    tokens: readonly string[],
  ) {
    this.vocabulary = new Vocabulary(tokens, '<unk>', (text) => tokenize(text, config.ngrams));
  }

  get size(): number {
    return this.vocabulary.size;
  }

  get padId(): number {
    return 0;
  }

  /** text -> ids (unknown tokens -> `<unk>`), at most `maxLength` of them. */
  encode(text: string, maxLength = Number.POSITIVE_INFINITY): Int32Array {
    const ids = this.vocabulary.encode(text);
    return ids.length > maxLength ? ids.slice(0, maxLength) : ids;
  }

  /**
   * `{ type, ngrams, tokens }` where `tokens` is one string, the tokens joined by newlines
   * (no token contains one): a single JSON string parses several times faster than an array of
   * 100,000 strings, which `predict` feels at start-up.
   */
  toJSON(): string {
    return JSON.stringify({ ...this.config, tokens: this.vocabulary.tokens.join('\n') });
  }

  static async build(
    trainExamples: Iterable<TextExample> | AsyncIterable<TextExample>,
    options: { ngrams: 1 | 2; maxSize: number; minCount?: number },
  ): Promise<SentimentTokenizer> {
    const vocab = await buildVocabulary(trainExamples, {
      tokenize: (text) => tokenize(text, options.ngrams),
      maxSize: options.maxSize,
      minCount: options.minCount ?? 2,
    });
    return new SentimentTokenizer({ type: 'words', ngrams: options.ngrams }, vocab.tokens);
  }

  /** Parses `tokenizer.json`; `where` names the file in errors. */
  static fromJSON(text: string, where: string): SentimentTokenizer {
    let parsed: { type?: unknown; ngrams?: unknown; tokens?: unknown };
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new InputError(`${where} is not valid JSON (${(e as Error).message}).`);
    }
    const { type, ngrams } = parsed ?? {};
    const tokens = typeof parsed?.tokens === 'string' ? parsed.tokens.split('\n') : parsed?.tokens;
    if (
      type !== 'words' ||
      (ngrams !== 1 && ngrams !== 2) ||
      !Array.isArray(tokens) ||
      tokens.length < 2 ||
      !tokens.every((t) => typeof t === 'string')
    ) {
      throw new InputError(
        `${where} is not a tfnlp-sentiment tokenizer (expected { type: 'words', ngrams: 1|2, tokens }).`,
      );
    }
    return new SentimentTokenizer({ type, ngrams }, tokens as string[]);
  }
}
