import type { Token } from '../pre_tokenized_string.js';

/** Third pipeline stage: turns one word into tokens (offsets relative to the word). */
export interface Model {
  readonly type: string;
  /** Tokens of one word (offsets relative to the word). */
  tokenize(word: string): Token[];
  /** Id of a token, if the vocabulary has it. */
  tokenToId(token: string): number | undefined;
  /** Token of an id, if the vocabulary has it. */
  idToToken(id: number): string | undefined;
  /** Token -> id (a copy). */
  getVocab(): Map<string, number>;
  /** Number of tokens in the vocabulary. */
  readonly vocabSize: number;
  /** The model's JSON form in a Hugging Face tokenizer.json. */
  toJSON(): Record<string, unknown>;
}

/** Builds the id -> token array of a vocabulary, rejecting duplicate or invalid ids. */
export function reverseVocab(vocab: Map<string, number>, model: string): string[] {
  const r: string[] = [];
  for (const [tok, id] of vocab) {
    if (!Number.isInteger(id) || id < 0) {
      throw new Error(
        `${model}: vocab id of ${JSON.stringify(tok)} is ${id}; ids must be integers >= 0`,
      );
    }
    if (r[id] !== undefined) {
      throw new Error(
        `${model}: id ${id} is given to both ${JSON.stringify(r[id])} and ${JSON.stringify(tok)}; each id must be unique`,
      );
    }
    r[id] = tok;
  }
  return r;
}

/** Vocabulary as a plain object ordered by id, as tokenizer.json stores it. */
export function vocabToJson(vocab: Map<string, number>): Record<string, number> {
  // No prototype, so a token named "__proto__" is an ordinary key.
  const o: Record<string, number> = Object.create(null);
  for (const [t, id] of [...vocab].sort((a, b) => a[1] - b[1])) o[t] = id;
  return o;
}

export function vocabFromJson(v: unknown, field: string): Map<string, number> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new Error(
      `${field}: expected an object {token: id}, got ${Array.isArray(v) ? 'an array' : typeof v}`,
    );
  }
  const m = new Map<string, number>();
  const o = v as Record<string, unknown>;
  // for-in over a JSON.parse result: own keys only (its prototype is Object.prototype, which
  // has no enumerable keys), and no [key, value] array per entry as Object.entries makes.
  for (const k in o) {
    const id = o[k];
    if (typeof id !== 'number')
      throw new Error(`${field}[${JSON.stringify(k)}]: expected a number id, got ${typeof id}`);
    m.set(k, id);
  }
  return m;
}

/**
 * A bounded word -> tokens cache. Like HF's, it stops growing when full instead of evicting:
 * the words seen first are mostly the frequent ones, and clearing would throw them away.
 */
export class WordCache {
  private map = new Map<string, Token[]>();
  constructor(private readonly capacity = 50_000) {}
  /** Cached tokens of `w`, if any. */
  get(w: string): Token[] | undefined {
    return this.map.get(w);
  }
  /** Remembers the tokens of `w` while there is room. */
  set(w: string, t: Token[]): void {
    if (this.map.size < this.capacity) this.map.set(w, t);
  }
}
