/**
 * The app's tokenizer: a `@tfnlp/tokenizers` pipeline saved as a Hugging Face tokenizer.json.
 * Lowercase normalizer -> pre-tokenizer (the word regex below, whitespace dropped) -> WordLevel
 * vocabulary built on the train split. Words are runs of letters/digits (any script, so Greek,
 * Cyrillic or CJK text gets tokens too, mostly `<unk>`), optionally with an apostrophe part
 * ("don't"), or a single other non-space character. Offsets are UTF-16 indices into the
 * original text, so the page can show each token's own characters.
 */
import {
  countWords,
  Lowercase,
  type Model,
  PreTokenizerSequence,
  Split,
  Tokenizer,
  tokenizerFromString,
  tokenizerToJson,
  WordLevel,
  WordLevelTrainer,
} from '@tfnlp/tokenizers';

export const TOKENIZER_FILE = 'tokenizer.json';
export const PAD_ID = 0;
export const UNK_ID = 1;
const SPECIALS = ['<pad>', '<unk>'];

export interface Token {
  /** Lowercased form, as looked up in the vocabulary. */
  text: string;
  start: number;
  end: number;
}

/** A word, or one character that is neither a word character nor whitespace. */
export const WORD_PATTERN =
  "[\\p{L}\\p{N}\\p{M}]+(?:['’][\\p{L}\\p{M}]+)?|[^\\s\\p{L}\\p{N}\\p{M}]";

/**
 * The pipeline without a vocabulary: each regex match becomes a piece ('isolated'), then the
 * whitespace pieces between matches are dropped. Lowercasing is per character (HF's
 * `Lowercase`: a word-final 'Σ' becomes 'σ', not 'ς').
 */
function pipeline(model: Model): Tokenizer {
  const tok = new Tokenizer(model);
  tok.normalizer = new Lowercase();
  tok.preTokenizer = new PreTokenizerSequence([
    new Split({ regex: WORD_PATTERN }, 'isolated'),
    new Split({ regex: '\\s+' }, 'removed'),
  ]);
  return tok;
}

const wordsOnly = pipeline(new WordLevel(new Map(SPECIALS.map((t, i) => [t, i])), '<unk>'));

/**
 * The words of `text` (normalized + pre-tokenized by `tok`) with offsets, at most `limit`,
 * reading only as much text as they need: prefixes of growing length are split until one
 * holds more than `limit` words (a prefix's last word may be cut, so it is never used) or the
 * whole text is read.
 */
function wordsOf(tok: Tokenizer, text: string, limit: number): Token[] {
  if (limit <= 0) return [];
  let chars = Math.max(64, Math.min(limit, 1 << 24) * 16);
  for (;;) {
    const whole = chars >= text.length;
    const words = tok.preTokenize(whole ? text : text.slice(0, chars));
    if (whole || words.length > limit) {
      return words
        .slice(0, Math.min(words.length, limit))
        .map(([word, [start, end]]) => ({ text: word, start, end }));
    }
    chars *= 4;
  }
}

/** The tokens of `text` with offsets, at most `limit` of them (the rest is not scanned). */
export function tokenizeWithOffsets(text: string, limit = Number.POSITIVE_INFINITY): Token[] {
  return wordsOf(wordsOnly, text, limit);
}

/** Tokens of `text` without offsets. */
export function tokenize(text: string, limit?: number): string[] {
  return tokenizeWithOffsets(text, limit).map((t) => t.text);
}

/** Each text cut after its `limit`-th token (offsets are into the original text). */
function* readPrefixes(texts: Iterable<string>, limit: number): Iterable<string> {
  for (const text of texts) {
    const words = wordsOf(wordsOnly, text, limit);
    yield words.length ? text.slice(0, words[words.length - 1]!.end) : '';
  }
}

export interface Encoded {
  ids: Int32Array;
  tokens: Token[];
}

export interface TrainOptions {
  /** Largest vocabulary, `<pad>` and `<unk>` included. */
  vocabSize: number;
  /** Words seen fewer times are left out (default 1). */
  minCount?: number;
  /**
   * Count only each text's first `maxTokens` tokens: the words a model that reads `maxTokens`
   * tokens sees (default: the whole text).
   */
  maxTokens?: number;
}

export class NewsTokenizer {
  /** The vocabulary in id order: `<pad>`, `<unk>`, then the words. */
  readonly tokens: readonly string[];
  private readonly tokenizer: Tokenizer;

  /** A tokenizer with this vocabulary (in id order, starting with `<pad>`, `<unk>`). */
  constructor(vocabulary: readonly string[] | Tokenizer) {
    this.tokenizer =
      vocabulary instanceof Tokenizer
        ? vocabulary
        : pipeline(new WordLevel(new Map(vocabulary.map((t, i) => [t, i])), '<unk>'));
    const tokens: string[] = [];
    for (const [t, id] of this.tokenizer.model.getVocab()) tokens[id] = t;
    if (
      tokens.length < 2 ||
      tokens[PAD_ID] !== '<pad>' ||
      tokens[UNK_ID] !== '<unk>' ||
      tokens.some((t) => t === undefined)
    ) {
      throw new Error('a news tokenizer vocabulary has ids 0..n-1 and starts with <pad>, <unk>');
    }
    this.tokens = tokens;
  }

  /**
   * Learns the vocabulary from `texts` (the train split only): the `vocabSize - 2` most frequent
   * words seen at least `minCount` times, ties in code point order, after `<pad>`, `<unk>`.
   */
  static train(texts: Iterable<string>, options: TrainOptions): NewsTokenizer {
    const trainer = new WordLevelTrainer({
      vocabSize: options.vocabSize,
      minFrequency: options.minCount ?? 1,
      specialTokens: SPECIALS,
      unkToken: '<unk>',
    });
    // The specials stay plain vocabulary entries: registered as added tokens, a literal
    // "<unk>" typed in the text would be matched as one token.
    const limit = options.maxTokens;
    const read = limit === undefined ? texts : readPrefixes(texts, limit);
    const { model } = trainer.train(countWords(wordsOnly, read));
    return new NewsTokenizer(pipeline(model as WordLevel));
  }

  get size(): number {
    return this.tokens.length;
  }

  /** At most `maxLength` tokens; an empty text gives no tokens (callers add one `<unk>`). */
  encode(text: string, maxLength = Number.POSITIVE_INFINITY): Encoded {
    const tokens = wordsOf(this.tokenizer, text, maxLength);
    const ids = new Int32Array(tokens.length);
    // WordLevel: one id per word, `<unk>` for a word not in the vocabulary.
    tokens.forEach((t, i) => {
      ids[i] = this.tokenizer.model.tokenize(t.text)[0]!.id;
    });
    return { ids, tokens };
  }

  /** A Hugging Face tokenizer.json (WordLevel model, Lowercase, Split pre-tokenizers). */
  toJSON(): string {
    return JSON.stringify(tokenizerToJson(this.tokenizer));
  }

  static fromJSON(json: string): NewsTokenizer {
    let tok: Tokenizer;
    try {
      tok = tokenizerFromString(json);
    } catch (e) {
      throw new Error(
        `not a news tokenizer file (a WordLevel tokenizer.json): ${(e as Error).message}`,
      );
    }
    if (!(tok.model instanceof WordLevel)) {
      throw new Error(
        `not a news tokenizer file (a WordLevel tokenizer.json): model is ${tok.model.type}`,
      );
    }
    return new NewsTokenizer(tok);
  }
}
