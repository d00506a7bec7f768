import type { Token } from '../pre_tokenized_string.js';
import { type Model, reverseVocab, vocabFromJson, vocabToJson } from './model.js';

/**
 * One token per character (code point), for CJK text or character models:
 * vocab {我: 0, 爱: 1, '[UNK]': 2}: "我爱你" -> [0, 1, 2].
 *
 * Not a Hugging Face model: its JSON `type` is "CharLevel", which only this library reads.
 */
export class CharLevel implements Model {
  readonly type = 'CharLevel';
  private readonly vocab: Map<string, number>;
  private readonly vocabR: string[];

  constructor(
    vocab: Map<string, number> | Record<string, number>,
    readonly unkToken = '[UNK]',
  ) {
    this.vocab = vocab instanceof Map ? new Map(vocab) : new Map(Object.entries(vocab));
    this.vocabR = reverseVocab(this.vocab, 'CharLevel');
  }

  tokenize(word: string): Token[] {
    const out: Token[] = [];
    const unkId = this.vocab.get(this.unkToken);
    for (let i = 0; i < word.length; ) {
      const w = word.codePointAt(i)! > 0xffff ? 2 : 1;
      const ch = word.slice(i, i + w);
      const id = this.vocab.get(ch);
      if (id !== undefined) out.push({ id, value: ch, start: i, end: i + w });
      else if (unkId !== undefined)
        out.push({ id: unkId, value: this.unkToken, start: i, end: i + w });
      else {
        throw new Error(
          `CharLevel: ${JSON.stringify(ch)} is not in the vocabulary and neither is the unk token ${JSON.stringify(this.unkToken)}; add the unk token to the vocabulary`,
        );
      }
      i += w;
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
    return { type: this.type, vocab: vocabToJson(this.vocab), unk_token: this.unkToken };
  }

  /** The model from its tokenizer.json `model` object (errors name the bad field). */
  static fromJSON(o: Record<string, unknown>): CharLevel {
    return new CharLevel(vocabFromJson(o.vocab, 'model.vocab'), String(o.unk_token ?? '[UNK]'));
  }
}
