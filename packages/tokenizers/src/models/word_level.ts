import type { Token } from '../pre_tokenized_string.js';
import { type Model, reverseVocab, vocabFromJson, vocabToJson } from './model.js';

/**
 * One id per whole word: vocab {hello: 0, world: 1, '[UNK]': 2}: "hello" -> [0], "hi" -> [2].
 */
export class WordLevel implements Model {
  readonly type = 'WordLevel';
  private readonly vocab: Map<string, number>;
  private readonly vocabR: string[];
  /** Id of `unkToken` (undefined when the vocabulary lacks it). */
  private readonly unkId: number | undefined;

  constructor(
    vocab: Map<string, number> | Record<string, number>,
    readonly unkToken = '<unk>',
    /** Internal: `vocab` is a Map no one else holds and this is its checked id -> token array. */
    owned?: { reverse: string[] },
  ) {
    if (owned && vocab instanceof Map) {
      this.vocab = vocab;
      this.vocabR = owned.reverse;
    } else {
      this.vocab = vocab instanceof Map ? new Map(vocab) : new Map(Object.entries(vocab));
      this.vocabR = reverseVocab(this.vocab, 'WordLevel');
    }
    this.unkId = this.vocab.get(unkToken);
  }

  tokenize(word: string): Token[] {
    let id = this.vocab.get(word);
    let value = word;
    if (id === undefined) {
      id = this.unkId;
      value = this.unkToken;
      if (id === undefined) {
        throw new Error(
          `WordLevel: ${JSON.stringify(word.slice(0, 50))} is not in the vocabulary and the unk token ${JSON.stringify(this.unkToken)} is missing from it too; add the unk token to the vocabulary (e.g. as a special token when training)`,
        );
      }
    }
    return [{ id, value, start: 0, end: word.length }];
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
    return { type: this.type, vocab: vocabToJson(this.vocab), unk_token: this.unkToken };
  }

  /** The model from its tokenizer.json `model` object (errors name the bad field). */
  static fromJSON(o: Record<string, unknown>): WordLevel {
    const unk = String(o.unk_token ?? '<unk>');
    const fast = readVocab(o.vocab);
    if (fast) return new WordLevel(fast.vocab, unk, { reverse: fast.reverse });
    // Something is off: the checked path says what.
    return new WordLevel(vocabFromJson(o.vocab, 'model.vocab'), unk);
  }
}

/**
 * A well-formed JSON vocab (object of unique integer ids >= 0) as a Map and its id -> token
 * array, in one pass over the keys (a 100k-entry vocab loads in one walk instead of three);
 * null for anything else, so the checked path can name the problem.
 */
function readVocab(v: unknown): { vocab: Map<string, number>; reverse: string[] } | null {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  const vocab = new Map<string, number>();
  const reverse: string[] = [];
  // for-in over a JSON.parse result: own keys only (Object.prototype has no enumerable keys).
  for (const k in o) {
    const id = o[k];
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || reverse[id] !== undefined) {
      return null;
    }
    vocab.set(k, id);
    reverse[id] = k;
  }
  return { vocab, reverse };
}
