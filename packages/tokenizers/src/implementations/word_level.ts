/**
 * A word-level tokenizer preset, as Hugging Face's `tokenizers.implementations` build common
 * pipelines: normalizers (optional `<br />` cleaning, lowercasing) -> regex word splitting
 * (optionally with word bigrams) -> a WordLevel vocabulary trained on texts. The result is an
 * ordinary `Tokenizer` (offsets into the original text, saved and loaded as tokenizer.json).
 *
 *   const tok = WordLevelTokenizer.train(trainTexts, { vocabSize: 20_000, minCount: 2 });
 *   tok.encode("It's GREAT!").tokens   // ["it's", 'great', '!']
 *   saveTokenizer(tok, 'tokenizer.json');  // later: tokenizerFromString(text)
 */
import { WordLevel } from '../models/word_level.js';
import { HtmlLineBreaks } from '../normalizers/html_line_breaks.js';
import { Lowercase } from '../normalizers/lowercase.js';
import type { Normalizer } from '../normalizers/normalizer.js';
import { NormalizerSequence } from '../normalizers/sequence.js';
import type { PreTokenizer } from '../pre_tokenizers/pre_tokenizer.js';
import { PreTokenizerSequence } from '../pre_tokenizers/sequence.js';
import { Split } from '../pre_tokenizers/split.js';
import { WordNGrams } from '../pre_tokenizers/word_ngrams.js';
import { Tokenizer } from '../tokenizer.js';
import { countWords, countWordsAsync, wordsOf } from '../trainers/word_counts.js';
import { WordLevelTrainer } from '../trainers/word_level.js';
import { toWellFormed } from '../unicode.js';

/**
 * Words (runs of letters, digits and marks, any script, with an optional apostrophe part:
 * "don't") or one character that is neither a word character nor whitespace ("!").
 */
export const WORDS_AND_SYMBOLS =
  "[\\p{L}\\p{N}\\p{M}]+(?:['’][\\p{L}\\p{M}]+)?|[^\\s\\p{L}\\p{N}\\p{M}]";

/**
 * Runs of letters and digits joined by inner apostrophes ("it's", "rock'n'roll"); use with
 * `unmatched: 'drop'` to drop punctuation (the word tokenizer of the IMDB sentiment models).
 */
export const WORDS_ONLY = "[\\p{L}\\p{N}]+(?:'[\\p{L}\\p{N}]+)*";

/** How text is cut into words (stored in tokenizer.json). */
export interface WordLevelOptions {
  /** Lowercase each character (HF's `Lowercase`; default true). */
  lowercase?: boolean;
  /** Turn HTML line breaks (`<br />`, as in IMDB reviews) into spaces first (default false). */
  cleanHtml?: boolean;
  /** Regex (JavaScript, Unicode mode) of one token; default `WORDS_AND_SYMBOLS`. */
  pattern?: string;
  /**
   * Text between matches: 'split' (default) splits it on whitespace and keeps the rest as
   * tokens; 'drop' drops it, so only matches are tokens (matches that touch become one token,
   * so use a pattern whose matches cannot touch, like `WORDS_ONLY`).
   */
  unmatched?: 'split' | 'drop';
  /** 2: each pair of adjacent words is a token too, between them: w1, "w1 w2", w2 (default 1). */
  ngrams?: 1 | 2;
  /** Unknown words become this token (default '<unk>'; it must be in the vocabulary). */
  unkToken?: string;
}

/** Options of `WordLevelTokenizer.train`. */
export interface WordLevelTrainOptions extends WordLevelOptions {
  /** Largest vocabulary, specials included. */
  vocabSize: number;
  /** Words (and n-grams) seen fewer times are left out (default 1). */
  minCount?: number;
  /** Placed first, as plain vocabulary entries (default ['<pad>', '<unk>']: pad 0, unk 1). */
  specials?: readonly string[];
  /** Count only each text's first `maxTokens` tokens (what a model reading that many sees). */
  maxTokens?: number;
}

/** The normalizer of the options, or null when there is nothing to normalize. */
function normalizerOf(o: WordLevelOptions): Normalizer | null {
  const stages: Normalizer[] = [];
  if (o.cleanHtml) stages.push(new HtmlLineBreaks(' '));
  if (o.lowercase ?? true) stages.push(new Lowercase());
  if (stages.length === 0) return null;
  return stages.length === 1 ? stages[0]! : new NormalizerSequence(stages);
}

function preTokenizerOf(o: WordLevelOptions): PreTokenizer {
  const regex = o.pattern ?? WORDS_AND_SYMBOLS;
  const stages: PreTokenizer[] =
    (o.unmatched ?? 'split') === 'drop'
      ? [new Split({ regex }, 'removed', true)]
      : [new Split({ regex }, 'isolated'), new Split({ regex: '\\s+' }, 'removed')];
  if ((o.ngrams ?? 1) === 2) stages.push(new WordNGrams(2));
  else if (o.ngrams !== undefined && o.ngrams !== 1) {
    throw new RangeError(`wordLevelTokenizer: ngrams must be 1 or 2, got ${o.ngrams}`);
  }
  return stages.length === 1 ? stages[0]! : new PreTokenizerSequence(stages);
}

function pipeline(model: WordLevel, o: WordLevelOptions): Tokenizer {
  const tok = new Tokenizer(model);
  tok.normalizer = normalizerOf(o);
  tok.preTokenizer = preTokenizerOf(o);
  return tok;
}

/**
 * A word-level tokenizer over a known vocabulary: tokens in id order (`['<pad>', '<unk>',
 * 'the', ...]`) or a token -> id map.
 */
export function wordLevelTokenizer(
  vocab: readonly string[] | ReadonlyMap<string, number>,
  options: WordLevelOptions = {},
): Tokenizer {
  const map = Array.isArray(vocab)
    ? new Map((vocab as readonly string[]).map((t, i) => [t, i]))
    : new Map(vocab as ReadonlyMap<string, number>);
  const unk = options.unkToken ?? '<unk>';
  if (!map.has(unk)) {
    throw new Error(
      `wordLevelTokenizer: the unknown token ${JSON.stringify(unk)} is not in the vocabulary; add it (e.g. to specials)`,
    );
  }
  return pipeline(new WordLevel(map, unk), options);
}

/** Counts the first `limit` words of each text (all of them without a limit). */
function countFirst(tok: Tokenizer, texts: Iterable<string>, limit?: number): Map<string, number> {
  if (limit === undefined) return countWords(tok, texts);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(
      `WordLevelTokenizer.train: maxTokens must be a positive integer, got ${limit}`,
    );
  }
  const counts = new Map<string, number>();
  for (const text of texts) {
    const words = wordsOf(tok, toWellFormed(text));
    const n = Math.min(limit, words.length);
    for (let i = 0; i < n; i++) counts.set(words[i]!, (counts.get(words[i]!) ?? 0) + 1);
  }
  return counts;
}

function fromCounts(counts: Map<string, number>, o: WordLevelTrainOptions): Tokenizer {
  const unkToken = o.unkToken ?? '<unk>';
  const trainer = new WordLevelTrainer({
    vocabSize: o.vocabSize,
    minFrequency: o.minCount ?? 1,
    specialTokens: [...(o.specials ?? ['<pad>', '<unk>'])],
    unkToken,
  });
  // The specials stay plain vocabulary entries: registered as added tokens, a literal
  // "<unk>" typed in a text would be matched as that token.
  const { model } = trainer.train(counts);
  return pipeline(model as WordLevel, o);
}

/** Trains word-level tokenizers (see the module comment). */
export const WordLevelTokenizer = {
  /**
   * Learns the vocabulary from `texts` (the train split only): the specials, then the
   * `vocabSize - specials` most frequent tokens seen at least `minCount` times, ties in
   * code point order.
   */
  train(texts: Iterable<string>, options: WordLevelTrainOptions): Tokenizer {
    checkVocabSize(options.vocabSize);
    const counter = pipeline(new WordLevel(new Map([['<unk>', 0]]), '<unk>'), options);
    return fromCounts(countFirst(counter, texts, options.maxTokens), options);
  },

  /** `train` for async iterables (dataset readers, streams). */
  async trainAsync(
    texts: AsyncIterable<string> | Iterable<string>,
    options: WordLevelTrainOptions,
  ): Promise<Tokenizer> {
    checkVocabSize(options.vocabSize);
    const counter = pipeline(new WordLevel(new Map([['<unk>', 0]]), '<unk>'), options);
    if (options.maxTokens === undefined) {
      return fromCounts(await countWordsAsync(counter, texts), options);
    }
    const all: string[] = [];
    for await (const t of texts) all.push(t);
    return fromCounts(countFirst(counter, all, options.maxTokens), options);
  },
};

function checkVocabSize(n: number): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(
      `WordLevelTokenizer.train: vocabSize must be a positive integer, got ${n}`,
    );
  }
}
