// The `trainers` namespace of the public API (HF python's `tokenizers.trainers`).
export { BpeTrainer, type BpeTrainerOptions, type BpeTrainOutput } from './bpe.js';
export type { Trainer, TrainResult } from './trainer.js';
export { UnigramTrainer, type UnigramTrainerOptions } from './unigram.js';
export { WordLevelTrainer, type WordLevelTrainerOptions } from './word_level.js';
export { WordPieceTrainer, type WordPieceTrainerOptions } from './word_piece.js';
