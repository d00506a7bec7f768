import { WordLevel } from '../models/word_level.js';
import { compareCodePoints } from '../unicode.js';
import type { Trainer, TrainResult } from './trainer.js';

/** Options of the WordLevel trainer (HF's, in camelCase). */
export interface WordLevelTrainerOptions {
  /** Maximum vocabulary size, special tokens included. Default 30,000. */
  vocabSize?: number;
  /** Words seen fewer times are left out. Default 0. */
  minFrequency?: number;
  /** Put first, in this order (ids 0, 1, ...). */
  specialTokens?: string[];
  /** Unknown-word token of the model; include it in specialTokens to give it an id. Default '[UNK]' if listed, else '<unk>'. */
  unkToken?: string;
}

/**
 * One id per word, most frequent first (ties by code point order), as HF's trainer:
 * counts {the: 3, a: 3, cat: 1}, specialTokens ['[UNK]'] -> {[UNK]: 0, a: 1, the: 2, cat: 3}.
 */
export class WordLevelTrainer implements Trainer {
  readonly vocabSize: number;
  readonly minFrequency: number;
  readonly specialTokens: string[];
  readonly unkToken: string;

  constructor(options: WordLevelTrainerOptions = {}) {
    this.vocabSize = options.vocabSize ?? 30_000;
    this.minFrequency = options.minFrequency ?? 0;
    this.specialTokens = options.specialTokens ?? [];
    this.unkToken = options.unkToken ?? (this.specialTokens.includes('[UNK]') ? '[UNK]' : '<unk>');
  }

  /** A WordLevel model from word counts. */
  train(wordCounts: Map<string, number>): TrainResult {
    const words = [...wordCounts].filter(([, c]) => c >= this.minFrequency);
    words.sort((x, y) => y[1] - x[1] || compareCodePoints(x[0], y[0]));
    const vocab = new Map<string, number>();
    // A word equal to a special token keeps the special token's id (HF would leave a gap).
    for (const w of [...this.specialTokens, ...words.map(([x]) => x)]) {
      if (vocab.size >= this.vocabSize) break;
      if (!vocab.has(w)) vocab.set(w, vocab.size);
    }
    return { model: new WordLevel(vocab, this.unkToken), specialTokens: this.specialTokens };
  }
}
