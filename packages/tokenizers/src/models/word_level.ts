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
    /** Internal: take ownership of `vocab` (a Map no one else holds) instead of copying it. */
    owned = false,
  ) {
    this.vocab =
      vocab instanceof Map ? (owned ? vocab : new Map(vocab)) : new Map(Object.entries(vocab));
    this.vocabR = reverseVocab(this.vocab, 'WordLevel');
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
    // vocabFromJson builds a fresh Map: no need to copy its 100k entries again.
    return new WordLevel(
      vocabFromJson(o.vocab, 'model.vocab'),
      String(o.unk_token ?? '<unk>'),
      true,
    );
  }
}
