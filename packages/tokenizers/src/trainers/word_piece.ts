import { WordPiece } from '../models/word_piece.js';
import { BpeTrainer, type BpeTrainerOptions } from './bpe.js';
import type { Trainer, TrainResult } from './trainer.js';

/** Options of the WordPiece trainer: the BPE trainer's plus the model's. */
export interface WordPieceTrainerOptions
  extends Omit<BpeTrainerOptions, 'unkToken' | 'endOfWordSuffix'> {
  /** Unknown-word token of the model (list it in specialTokens too). Default '[UNK]'. */
  unkToken?: string;
  /** Default 100. */
  maxInputCharsPerWord?: number;
}

/**
 * WordPiece vocabularies are learned with BPE merges over '##'-prefixed continuation
 * symbols (as HF does); the merged strings become the WordPiece vocabulary.
 */
export class WordPieceTrainer implements Trainer {
  private readonly bpe: BpeTrainer;
  readonly unkToken: string;
  readonly continuingSubwordPrefix: string;
  readonly maxInputCharsPerWord: number;

  constructor(options: WordPieceTrainerOptions = {}) {
    this.continuingSubwordPrefix = options.continuingSubwordPrefix ?? '##';
    this.bpe = new BpeTrainer({
      ...options,
      continuingSubwordPrefix: this.continuingSubwordPrefix,
      unkToken: null,
    });
    this.unkToken = options.unkToken ?? '[UNK]';
    this.maxInputCharsPerWord = options.maxInputCharsPerWord ?? 100;
  }

  /** A WordPiece model from word counts. */
  train(wordCounts: Map<string, number>): TrainResult {
    const { vocab } = this.bpe.learn(wordCounts);
    return {
      model: new WordPiece(vocab, {
        unkToken: this.unkToken,
        continuingSubwordPrefix: this.continuingSubwordPrefix,
        maxInputCharsPerWord: this.maxInputCharsPerWord,
      }),
      specialTokens: this.bpe.options.specialTokens,
    };
  }
}
