import type { Token } from '../pre_tokenized_string.js';
import { type Model, reverseVocab, vocabFromJson, vocabToJson } from './model.js';
import { Trie } from './trie.js';

/** Options of the WordPiece model (HF field names in camelCase). */
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
  /** All tokens; word-initial matches start at the root, continuations at the prefix's node. */
  private readonly trie = new Trie();
  private readonly prefixNode: number;

  constructor(vocab: Map<string, number> | Record<string, number>, options: WordPieceOptions = {}) {
    this.vocab = vocab instanceof Map ? new Map(vocab) : new Map(Object.entries(vocab));
    this.vocabR = reverseVocab(this.vocab, 'WordPiece');
    this.unkToken = options.unkToken ?? '[UNK]';
    this.continuingSubwordPrefix = options.continuingSubwordPrefix ?? '##';
    this.maxInputCharsPerWord = options.maxInputCharsPerWord ?? 100;
    for (const [t, id] of this.vocab) this.trie.insert(t, id);
    this.prefixNode = this.trie.walk(this.continuingSubwordPrefix);
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

  /** Greedy longest match (HF's loop, as one trie walk per piece: no substrings, no cache). */
  tokenize(word: string): Token[] {
    const n = word.length;
    // Cheap bound first: a word longer in code units than the limit may still be short in chars.
    if (n > this.maxInputCharsPerWord && [...word].length > this.maxInputCharsPerWord) {
      return this.unk(word);
    }
    const trie = this.trie;
    const out: Token[] = [];
    let start = 0;
    while (start < n) {
      let node = start === 0 ? Trie.ROOT : this.prefixNode;
      let bestEnd = -1;
      let bestId = -1;
      for (let i = start; i < n && node >= 0; i++) {
        node = trie.step(node, word.charCodeAt(i));
        if (node >= 0) {
          const id = trie.idAt(node);
          if (id >= 0) {
            bestEnd = i + 1;
            bestId = id;
          }
        }
      }
      if (bestId < 0 || (start > 0 && this.prefixNode < 0)) return this.unk(word);
      out.push({ id: bestId, value: this.vocabR[bestId]!, start, end: bestEnd });
      start = bestEnd;
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

  /** The model from its tokenizer.json `model` object (errors name the bad field). */
  static fromJSON(o: Record<string, unknown>): WordPiece {
    return new WordPiece(vocabFromJson(o.vocab, 'model.vocab'), {
      unkToken: String(o.unk_token ?? '[UNK]'),
      continuingSubwordPrefix: String(o.continuing_subword_prefix ?? '##'),
      maxInputCharsPerWord: Number(o.max_input_chars_per_word ?? 100),
    });
  }
}
