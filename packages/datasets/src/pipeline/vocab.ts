// Vocabulary built from the train split only: building it from train+test leaks the test
// set into the model, so examples from any other split are refused.
import type { AnyIterable, TextExample } from '../types.js';

/** Options of `buildVocabulary`. */
export interface VocabularyOptions {
  /** text -> tokens (e.g. wordTokenize). */
  tokenize: (text: string) => string[];
  /** Tokens seen fewer times are left out (default 1). */
  minCount?: number;
  /** Largest vocabulary, specials included. */
  maxSize?: number;
  /** Reserved tokens placed first; defaults to ['<pad>', '<unk>'] so pad = 0 and unk = 1. */
  specials?: readonly string[];
  /** The token that unknown words map to (default '<unk>'; must be in specials). */
  unkToken?: string;
}

/** Tokens <-> ids with a fixed token list; unknown tokens map to `unkId`. */
export class Vocabulary {
  readonly tokens: readonly string[];
  readonly unkId: number;
  private readonly index: Map<string, number>;
  private readonly tokenizeFn: (text: string) => string[];

  constructor(tokens: readonly string[], unkToken: string, tokenize: (text: string) => string[]) {
    this.tokens = tokens;
    this.index = new Map(tokens.map((t, i) => [t, i]));
    const unk = this.index.get(unkToken);
    if (unk === undefined)
      throw new Error(
        `Vocabulary: the unknown token ${JSON.stringify(unkToken)} is not in the vocabulary.`,
      );
    this.unkId = unk;
    this.tokenizeFn = tokenize;
  }

  /** Number of tokens, specials included. */
  get size(): number {
    return this.tokens.length;
  }

  /** The id of `token`, or `unkId` when it is not in the vocabulary. */
  idOf(token: string): number {
    return this.index.get(token) ?? this.unkId;
  }

  /** tokens[n] -> Int32Array[n] */
  encodeTokens(tokens: readonly string[]): Int32Array {
    const out = new Int32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) out[i] = this.idOf(tokens[i]!);
    return out;
  }

  /** text -> ids with the tokenize function the vocabulary was built with; usable as collate's tokenizer. */
  readonly encode = (text: string): Int32Array => this.encodeTokens(this.tokenizeFn(text));
}

/**
 * Counts tokens over `trainExamples` and keeps them by count (descending), ties broken by
 * code-unit order, so the ids are the same on every run. Throws if an example says it
 * comes from a split other than 'train'.
 */
export async function buildVocabulary(
  trainExamples: AnyIterable<TextExample>,
  options: VocabularyOptions,
): Promise<Vocabulary> {
  const {
    tokenize,
    minCount = 1,
    maxSize = Number.POSITIVE_INFINITY,
    specials = ['<pad>', '<unk>'],
  } = options;
  const unkToken = options.unkToken ?? '<unk>';
  const counts = new Map<string, number>();
  for await (const ex of trainExamples) {
    if (ex.split !== undefined && ex.split !== 'train') {
      throw new Error(
        `buildVocabulary: got an example from the '${ex.split}' split${ex.key ? ` (${ex.key})` : ''}. ` +
          'Build the vocabulary from the train split only; using validation or test text leaks it into the model.',
      );
    }
    for (const tok of tokenize(ex.text)) counts.set(tok, (counts.get(tok) ?? 0) + 1);
  }
  const reserved = new Set(specials);
  const ranked = [...counts.entries()]
    .filter(([tok, c]) => c >= minCount && !reserved.has(tok))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([tok]) => tok);
  const room = Math.max(0, maxSize - specials.length);
  return new Vocabulary([...specials, ...ranked.slice(0, room)], unkToken, tokenize);
}
