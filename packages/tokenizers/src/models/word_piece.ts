import type { Token } from '../pre_tokenized_string.js';
import { type Model, reverseVocab, vocabFromJson, vocabToJson, WordCache } from './model.js';

export interface WordPieceOptions {
  unkToken?: string;
  continuingSubwordPrefix?: string;
  maxInputCharsPerWord?: number;
}

/**
 * Greedy longest-match-first subwords (BERT). With vocab {un, ##aff, ##able}:
 *   "unaffable" -> ["un", "##aff", "##able"]; a word with no full cover -> ["[UNK]"].
 */
export class WordPiece implements Model {
  readonly type = 'WordPiece';
  readonly unkToken: string;
  readonly continuingSubwordPrefix: string;
  readonly maxInputCharsPerWord: number;
  private readonly vocab: Map<string, number>;
  private readonly vocabR: string[];
  private readonly cache = new WordCache();
  /** Longest token length in code units: no match can be longer, so the search starts there. */
  private readonly maxTokenLength: number;

  constructor(vocab: Map<string, number> | Record<string, number>, options: WordPieceOptions = {}) {
    this.vocab = vocab instanceof Map ? new Map(vocab) : new Map(Object.entries(vocab));
    this.vocabR = reverseVocab(this.vocab, 'WordPiece');
    this.unkToken = options.unkToken ?? '[UNK]';
    this.continuingSubwordPrefix = options.continuingSubwordPrefix ?? '##';
    this.maxInputCharsPerWord = options.maxInputCharsPerWord ?? 100;
    let max = 0;
    for (const t of this.vocab.keys()) if (t.length > max) max = t.length;
    this.maxTokenLength = max;
  }

  private unk(word: string): Token[] {
    const id = this.vocab.get(this.unkToken);
    if (id === undefined) {
      throw new Error(
        `WordPiece: cannot tokenize ${JSON.stringify(word.slice(0, 50))} and the unk token ${JSON.stringify(this.unkToken)} is not in the vocabulary; add it (e.g. as a special token when training)`,
      );
    }
    return [{ id, value: this.unkToken, start: 0, end: word.length }];
  }

  tokenize(word: string): Token[] {
    const cached = this.cache.get(word);
    if (cached) return cached;
    const tokens = this.tokenizeUncached(word);
    this.cache.set(word, tokens);
    return tokens;
  }

  private tokenizeUncached(word: string): Token[] {
    const n = word.length;
    // Cheap bound first: a word longer in code units than the limit may still be short in chars.
    if (n > this.maxInputCharsPerWord && [...word].length > this.maxInputCharsPerWord) {
      return this.unk(word);
    }
    const prefix = this.continuingSubwordPrefix;
    const out: Token[] = [];
    let start = 0;
    while (start < n) {
      const budget = this.maxTokenLength - (start > 0 ? prefix.length : 0);
      let end = Math.min(n, start + budget);
      // Never cut a surrogate pair.
      if (end < n && isLowSurrogate(word.charCodeAt(end))) end--;
      let found: Token | undefined;
      while (end > start) {
        const sub = start > 0 ? prefix + word.slice(start, end) : word.slice(start, end);
        const id = this.vocab.get(sub);
        if (id !== undefined) {
          found = { id, value: sub, start, end };
          break;
        }
        end -= end - 2 >= start && isLowSurrogate(word.charCodeAt(end - 1)) ? 2 : 1;
      }
      if (!found) return this.unk(word);
      out.push(found);
      start = end;
    }
    return out;
  }

  tokenToId(token: string) {
    return this.vocab.get(token);
  }

  idToToken(id: number) {
    return this.vocabR[id];
  }

  getVocab() {
    return new Map(this.vocab);
  }

  get vocabSize() {
    return this.vocab.size;
  }

  toJSON() {
    return {
      type: this.type,
      unk_token: this.unkToken,
      continuing_subword_prefix: this.continuingSubwordPrefix,
      max_input_chars_per_word: this.maxInputCharsPerWord,
      vocab: vocabToJson(this.vocab),
    };
  }

  static fromJSON(o: Record<string, unknown>): WordPiece {
    return new WordPiece(vocabFromJson(o.vocab, 'model.vocab'), {
      unkToken: String(o.unk_token ?? '[UNK]'),
      continuingSubwordPrefix: String(o.continuing_subword_prefix ?? '##'),
      maxInputCharsPerWord: Number(o.max_input_chars_per_word ?? 100),
    });
  }
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
